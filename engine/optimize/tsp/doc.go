// Package tsp solves the symmetric travelling salesman problem on a dense
// distance matrix, and a budgeted (orienteering-style) variant of it.
//
// Small instances (n ≤ 13) are solved exactly by the Held–Karp dynamic
// programme over subsets (M. Held and R. M. Karp, "A dynamic programming
// approach to sequencing problems", J. SIAM 10, 1962), and the result is
// marked Optimal.
//
// Larger instances are solved heuristically: a greedy-edge construction,
// then 2-opt and Or-opt (segments of one to three nodes, inserted in both
// orientations) or, from 400 to 20,000 nodes, 2-opt and a
// Lin–Kernighan-style move (up to six sequential 2-opt flips, 5, 3, 2 then
// 1 alternatives per level, so that it contains the sequential 3-opt
// "or2opt/or3opt" moves and segment insertions of any length; lk.go),
// restricted to 10-nearest neighbour lists and driven by don't-look bits,
// inside an iterated local search whose kicks are segment-local double
// bridges (two adjacent segments of up to 30 nodes, 80 with the
// Lin–Kernighan move, swap places). Below 400 nodes a kicked tour is kept
// when it is no longer. With the Lin–Kernighan move a longer one is also
// kept with the Metropolis probability exp(−Δ/T), the temperature T falling
// linearly to 0 over the run from 0.3 times the average edge of the first
// local optimum (the "large-step Markov chain" of O. Martin, S. W. Otto
// and E. W. Felten, Complex Systems 5, 1991), the best tour being kept
// aside; the tour length is tracked from the moves' gains and a rejected
// kick is undone from a journal of the changes, so that a kick costs no
// O(n) work. This is the classical recipe studied by
// D. S. Johnson and L. A. McGeoch, "The traveling salesman problem: a case
// study in local optimization" (in Local Search in Combinatorial
// Optimization, Aarts & Lenstra eds., Wiley 1997), which builds on
// S. Lin and B. W. Kernighan, "An effective heuristic algorithm for the
// traveling-salesman problem", Operations Research 21 (1973), and on I. Or's
// 1976 segment-insertion moves. Independent runs with seeds derived from
// Options.Seed are spread over the available cores and the best tour is
// kept, the lowest run index among equal lengths, so that a seed reproduces
// its tour whatever the number of workers when no deadline interrupts the
// search. A deadline ends the search early with the best tour so far.
//
// Every heuristic tour comes with a lower bound: the Held–Karp 1-tree bound
// (M. Held and R. M. Karp, "The traveling-salesman problem and minimum
// spanning trees", Operations Research 18, 1970, and "Part II",
// Mathematical Programming 1, 1971), improved by subgradient optimisation of
// the node penalties π (from 400 nodes, first on the graph of the 10
// nearest neighbours, whose 1-trees are cheap, then on the full graph from
// the best penalties found there: only full-graph 1-trees count as
// bounds). When the distances are integral the bound is rounded up; a tour
// whose length meets the bound is proved optimal.
//
// ReadTSPLIB reads TSPLIB95 files (G. Reinelt, "TSPLIB — a traveling
// salesman problem library", ORSA J. Computing 3, 1991) with node
// coordinates and the EUC_2D, CEIL_2D, ATT and GEO distance functions, each
// computed exactly as the TSPLIB95 documentation defines it.
package tsp
