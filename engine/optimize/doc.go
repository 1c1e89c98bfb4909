// Package optimize holds the location solvers of wi: where to open
// services so that demand is served well. Every solver returns its best
// solution together with a bound on the optimum and the gap to it, honours
// fixed (existing) and forbidden sites, is reproducible for a seed, uses all
// cores through independent runs, and stops at the context's deadline with
// the best solution found so far.
//
// # Problems
//
//   - p-median ([PMedian]): open P sites minimising Σ weight × distance to
//     the nearest open site, optionally with distances capped at a cutoff.
//   - p-center ([PCenter]): open P sites minimising the largest distance.
//   - capacitated p-median ([CPMP]): each client assigned whole to one open
//     site whose load may not exceed its capacity.
//   - maximal covering ([MCLP], Church & ReVelle 1974): open p sites
//     maximising the demand within a service radius.
//   - location set covering ([LSCP], Toregas et al. 1971), in its partial
//     form: the fewest sites covering a given share of the demand.
//
// # Algorithms
//
// p-median: the fast interchange of Resende & Werneck (2003, "A fast swap
// heuristic for the p-median problem", J. Heuristics 10) — Whitaker's (1983,
// INFOR 21) swap neighbourhood evaluated through gain, loss and extra
// arrays kept up to date from each client's closest and second closest
// site — inside an iterated local search (kicks of up to max(4, p/20)
// random swaps) with path relinking over an elite pool (Resende & Werneck 2004, "A hybrid heuristic for the p-median
// problem", J. Heuristics 10). The lower bound is Beasley's (1993, EJOR 65)
// Lagrangian relaxation of the assignment constraints, maximised by
// subgradient optimisation; when it does not meet the incumbent, a
// depth-first Lagrangian branch and bound with reduced-cost fixing closes
// the gap (within a node budget). On OR-Library pmed1–pmed10 every optimum
// is found and proved.
//
// CPMP: an iterated local search over the medians (swap moves screened
// with a quick assignment, relocation of each median within its cluster as
// in Cooper's alternating heuristic); for fixed medians the generalised
// assignment is built by the regret heuristic of Martello & Toth and
// improved by shift and swap moves, and the final assignment by a
// node-limited exact branch and bound. The lower bound relaxes the
// assignment constraints, leaving a 0–1 knapsack per site (exact dynamic
// programming for integer demands), as in the Lagrangian approaches that
// followed Osman & Christofides (1994, ITOR 1).
//
// MCLP: a greedy start, an interchange local search that reuses the fast
// interchange bookkeeping (gain = uncovered demand a site would cover,
// loss = demand only a site covers, extra = the overlap of the two; the
// best swap is found by visiting only the candidate pairs that share a
// once-covered client), an adaptive iterated local search (kicks towards
// uncovered demand, their strength growing while the search stalls,
// threshold acceptance, path relinking over an elite pool). The upper bound
// relaxes the coverage constraints z_i ≤ Σ_{j covers i} y_j with
// multipliers λ ≥ 0 (Galvão & ReVelle 1996), minimised by deflected
// subgradient steps (Camerini, Fratta & Maffioli 1975); a depth-first
// branch and bound on the sites re-optimises the multipliers at every node
// (warm-started), fixes sites by Lagrangian reduced costs, and reads and
// polishes a solution from every relaxed choice. When the tree does not
// close, region problems (a spatial fix-and-optimise search): 3–12 open sites
// near one another, in hops over the covering graph, are placed again
// exactly by the same branch and bound among the candidates around them,
// every other open site kept and every other candidate closed; the region
// grows while a whole pass finds nothing better. Options.TimeLimit turns
// the fixed effort into a time budget, each phase taking a share of the
// time left; under a budget, on instances with at most 100,000 covering
// pairs, each descent of the iterated local search is followed by a short
// tabu walk (best non-tabu swap, random tenure, aspiration), and core
// problems (the sites the best solution shares with an elite solution
// forced open, 4–10 sites left to choose exactly) run before the last
// local search. Under a budget a second branch and bound searches best
// bound first, branching on the most fractional site of the averaged
// relaxed choices; on instances of at most 2,500 active clients each of
// its nodes solves the LP relaxation exactly instead, by a bounded dual
// simplex (dual steepest edge, bound flipping, product-form updates over a
// dense factor of the basic site columns only, warm-started from the
// parent's basis), whose duals give the Lagrangian bound and whose
// solution the branching and a rounding (mclp_lp.go).
//
// LSCP, full cover: reductions (clients covered by fixed sites, essential
// sites, row and column dominance), Beasley's (1990) Lagrangian heuristic
// for the lower bound and primal covers, the column-fixing dive of Caprara,
// Fischetti & Toth (1999), the row-weighting local search of Gao, Weise & Li
// (2015), and a Lagrangian branch and bound when one site separates the
// cover from the bound. Partial cover (a share below every coverable
// client): greedy cover, removal of redundant sites, a swap search, then
// the MCLP search, and region problems from its closest miss, with one site
// fewer until they fail (their effort capped by
// the instance's size, or by Options.TimeLimit); the lower bound is the
// smallest number of sites whose Lagrangian MCLP bound reaches the
// required demand, one vector of multipliers refuting every smaller number
// at once.
//
// p-center: the optimum is a client–site distance; a binary search over
// these radii decides each by a covering question, answered by the MCLP
// search (a cover proves the radius feasible) and by its Lagrangian bound
// (proving infeasibility); the lower bound is the smallest radius not
// proved infeasible (Minieka 1970; Daskin 2000 for the covering view).
//
// # Bounds and optimality
//
// Solution.Bound is a lower bound for minimisation and an upper bound for
// MCLP. When all weights and distances are integers the objective is
// integral and the bound is rounded accordingly. Solution.Optimal is set
// only on a proof (gap 0 after rounding).
//
// # Formats
//
// [ReadORLib] reads OR-Library pmed files (Beasley 1985; for repeated edges
// the last cost wins, then Floyd–Warshall). [ReadORLibCap] reads one
// pmedcap1 problem with unrounded Euclidean distances. Note that the
// published pmedcap1 optima are reproduced with distances truncated to
// integers (the solver meets all ten exactly on truncated distances); with
// unrounded distances the optima are about 2–3 % higher. [ReadPointsCSV]
// reads id,lat,lon[,demand] or id,x,y[,demand]; [ReadSJC] reads the São
// José dos Campos MCLP instances (Lorena & Pereira 2002).
// [CoverageFromPoints] builds coverage for large instances with a grid
// instead of a distance matrix.
//
// The subpackage tsp holds the routing solver.
package optimize
