package engine_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/geo"
)

// metresPerDegree is the length of a degree of latitude on the haversine
// sphere: along a meridian, distance = Δlat × metresPerDegree exactly.
const metresPerDegree = geo.EarthRadiusM * math.Pi / 180 // 111,195.08 m

// onMeridian is a point on the meridian 9.2 E, metres north of 45.4 N.
func onMeridian(metres float64) geo.Point {
	return geo.Point{Lon: 9.2, Lat: 45.4 + metres/metresPerDegree}
}

func TestAccessTwoFacilitiesThreePointsByHand(t *testing.T) {
	// On a line: F1 at 0 m (30 places), F2 at 1,000 m (40 places); P1 at
	// 200 m (100 people), P2 at 600 m (50), P3 at 1,100 m (30); radius 700 m.
	// Within 700 m: F1–P1 200, F1–P2 600, F2–P2 400, F2–P3 100 (F1–P3
	// 1,100 and F2–P1 800 are out).
	demand := []engine.AccessDemand{{Point: onMeridian(200), People: 100}, {Point: onMeridian(600), People: 50}, {Point: onMeridian(1100), People: 30}}
	supply := []engine.AccessSupply{{Point: onMeridian(0), Capacity: 30}, {Point: onMeridian(1000), Capacity: 40}}

	// 2SFCA: D1 = 100 + 50 = 150, R1 = 30/150 = 0.2; D2 = 50 + 30 = 80,
	// R2 = 40/80 = 0.5. A(P1) = 0.2, A(P2) = 0.2 + 0.5 = 0.7, A(P3) = 0.5.
	// Check: 100·0.2 + 50·0.7 + 30·0.5 = 20 + 35 + 15 = 70 = 30 + 40.
	got := engine.Accessibility(demand, supply, engine.AccessOptions{RadiusM: 700, Decay: engine.DecayStep})
	for i, want := range []float64{0.2, 0.7, 0.5} {
		if math.Abs(got.Point[i]-want) > 1e-9 {
			t.Errorf("2SFCA A(P%d) = %v, want %v", i+1, got.Point[i], want)
		}
	}
	for j, want := range []float64{0.2, 0.5} {
		if math.Abs(got.Ratio[j]-want) > 1e-12 {
			t.Errorf("2SFCA R%d = %v, want %v", j+1, got.Ratio[j], want)
		}
	}

	// E2SFCA, G(d) = (exp(−½(d/700)²) − exp(−½)) / (1 − exp(−½)), with
	// exp(−½) = 0.6065307:
	//   G(200) = (0.9600060 − 0.6065307)/0.3934693 = 0.8983541
	//   G(600) = (0.6925970 − 0.6065307)/0.3934693 = 0.2186668
	//   G(400) = (0.8493658 − 0.6065307)/0.3934693 = 0.6171641
	//   G(100) = (0.9898478 − 0.6065307)/0.3934693 = 0.9741983
	// D1 = 100·0.8983541 + 50·0.2186668 = 100.768744, R1 = 30/D1 = 0.2977114
	// D2 = 50·0.6171641 + 30·0.9741983 = 60.084153,  R2 = 40/D2 = 0.6657329
	// A(P1) = 0.8983541·R1 = 0.2674502
	// A(P2) = 0.2186668·R1 + 0.6171641·R2 = 0.0650997 + 0.4108663 = 0.4759661
	// A(P3) = 0.9741983·R2 = 0.6485559
	got = engine.Accessibility(demand, supply, engine.AccessOptions{RadiusM: 700, Decay: engine.DecayGaussian})
	for i, want := range []float64{0.2674502, 0.4759661, 0.6485559} {
		if math.Abs(got.Point[i]-want) > 1e-7 {
			t.Errorf("E2SFCA A(P%d) = %v, want %v", i+1, got.Point[i], want)
		}
	}
	for j, want := range []float64{100.768744, 60.084153} {
		if math.Abs(got.Demand[j]-want) > 1e-6 {
			t.Errorf("E2SFCA D%d = %v, want %v", j+1, got.Demand[j], want)
		}
	}
}

// referenceAccess is an independent 2SFCA/E2SFCA: a dense distance
// matrix, the weights written from the formula, then the two matrix
// products D = Wᵀ·P and A = W·(S/D).
func referenceAccess(demand []engine.AccessDemand, supply []engine.AccessSupply, d0 float64, gaussian bool) []float64 {
	n, m := len(demand), len(supply)
	W := make([][]float64, n)
	for i := range n {
		W[i] = make([]float64, m)
		for j := range m {
			d := geo.Haversine(demand[i].Point, supply[j].Point)
			switch {
			case d > d0:
			case !gaussian:
				W[i][j] = 1
			default:
				W[i][j] = (math.Exp(-d*d/(2*d0*d0)) - 1/math.Sqrt(math.E)) / (1 - 1/math.Sqrt(math.E))
			}
		}
	}
	ratio := make([]float64, m)
	for j := range m {
		var D float64
		for i := range n {
			D += W[i][j] * demand[i].People
		}
		if D > 0 {
			ratio[j] = supply[j].Capacity / D
		}
	}
	A := make([]float64, n)
	for i := range n {
		for j := range m {
			A[i] += W[i][j] * ratio[j]
		}
	}
	return A
}

func TestAccessMatchesADenseReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for trial := range 20 {
		t.Run(fmt.Sprint("trial ", trial), func(t *testing.T) {
			// 60 points and 9 facilities over about 3 × 3 km.
			demand := make([]engine.AccessDemand, 60)
			for i := range demand {
				demand[i] = engine.AccessDemand{Point: geo.Point{Lon: 9.18 + 0.04*rng.Float64(), Lat: 45.45 + 0.027*rng.Float64()}, People: float64(rng.IntN(200))}
			}
			supply := make([]engine.AccessSupply, 9)
			for j := range supply {
				supply[j] = engine.AccessSupply{Point: geo.Point{Lon: 9.18 + 0.04*rng.Float64(), Lat: 45.45 + 0.027*rng.Float64()}, Capacity: float64(1 + rng.IntN(80))}
			}
			radius := 400 + 800*rng.Float64()
			for _, gaussian := range []bool{false, true} {
				decay := engine.DecayStep
				if gaussian {
					decay = engine.DecayGaussian
				}
				got := engine.Accessibility(demand, supply, engine.AccessOptions{RadiusM: radius, Decay: decay})
				want := referenceAccess(demand, supply, radius, gaussian)
				var sumPA, sumS float64
				for i := range want {
					if math.Abs(got.Point[i]-want[i]) > 1e-12*math.Max(1, math.Abs(want[i])) {
						t.Fatalf("trial %d gaussian=%v point %d: A = %v, reference %v", trial, gaussian, i, got.Point[i], want[i])
					}
					sumPA += demand[i].People * got.Point[i]
				}
				// Conservation: Σ P·A = Σ S over facilities with someone to serve.
				for j, s := range supply {
					if got.Demand[j] > 0 {
						sumS += s.Capacity
					}
				}
				if math.Abs(sumPA-sumS) > 1e-9*sumS {
					t.Errorf("trial %d gaussian=%v: Σ P·A = %v, Σ S = %v", trial, gaussian, sumPA, sumS)
				}
			}
		})
	}
}

func TestAccessLeavesOutSmallCatchments(t *testing.T) {
	// F2's catchment holds 2 people: its ratio 10/2 would reveal them.
	demand := []engine.AccessDemand{{Point: onMeridian(0), People: 40}, {Point: onMeridian(5000), People: 2}}
	supply := []engine.AccessSupply{{Point: onMeridian(100), Capacity: 8}, {Point: onMeridian(5100), Capacity: 10}}
	got := engine.Accessibility(demand, supply, engine.AccessOptions{RadiusM: 500, MinPeople: 3})
	if !got.Excluded[1] || got.Ratio[1] != 0 || got.Point[1] != 0 || got.Excluded[0] || math.Abs(got.Point[0]-0.2) > 1e-12 {
		t.Errorf("excluded %v, ratios %v, points %v; want F2 left out and A(P1) = 8/40", got.Excluded, got.Ratio, got.Point)
	}
}
