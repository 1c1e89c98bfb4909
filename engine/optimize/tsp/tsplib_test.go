package tsp

import (
	"context"
	"strings"
	"testing"
)

func readString(t *testing.T, s string) (*Instance, error) {
	t.Helper()
	return ReadTSPLIB(strings.NewReader(s))
}

func twoPoints(typ, a, b string) string {
	return "NAME : two\nTYPE : TSP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : " + typ +
		"\nNODE_COORD_SECTION\n1 " + a + "\n2 " + b + "\nEOF\n"
}

func TestTSPLIBDistances(t *testing.T) {
	cases := []struct {
		typ, a, b string
		want      float64
	}{
		// EUC_2D: nint(sqrt(dx²+dy²)), nint(x) = int(x+0.5)
		{"EUC_2D", "0 0", "1 1", 1},   // 1.414 → 1
		{"EUC_2D", "0 0", "2 2", 3},   // 2.828 → 3
		{"EUC_2D", "0 0", "1.5 2", 3}, // 2.5 → 3 (half rounds up)
		{"EUC_2D", "0 0", "3 4", 5},   // exact
		{"CEIL_2D", "0 0", "1 1", 2},  // ceil(1.414)
		{"CEIL_2D", "0 0", "3 4", 5},  // exact stays
		{"CEIL_2D", "0 0", "0.1 0", 1},
		{"ATT", "0 0", "10 0", 4},   // sqrt(100/10)=3.162, nint 3 < 3.162 → 4
		{"ATT", "0 0", "10 30", 10}, // sqrt(1000/10) = 10 exactly
		{"ATT", "0 0", "3 4", 2},    // sqrt(25/10)=1.581, nint 2 ≥ 1.581 → 2
		{"ATT", "7 7", "17 7", 4},   // translation invariant
		// GEO: 30' = 0.5° = 3.141592·0.5/180 rad; ·6378.388 = 55.66; +1 → 56
		{"GEO", "0.30 0", "0 0", 56},
		// truncation: -0.30 is -0.5° (not -1.5° + 0.7): 111.32 + 1 → 112
		{"GEO", "-0.30 0", "0.30 0", 112},
		{"GEO", "0 0.30", "0 0", 56}, // along the equator, as along a meridian
		{"GEO", "5 5", "5 5", 1},     // distinct nodes at one place: int(0+1)
	}
	for _, c := range cases {
		inst, err := readString(t, twoPoints(c.typ, c.a, c.b))
		if err != nil {
			t.Fatalf("%s %s–%s: %v", c.typ, c.a, c.b, err)
		}
		if got := inst.Dist.At(0, 1); got != c.want {
			t.Errorf("%s %s–%s: %v, want %v", c.typ, c.a, c.b, got, c.want)
		}
		if inst.Dist.At(1, 0) != inst.Dist.At(0, 1) || inst.Dist.At(0, 0) != 0 {
			t.Errorf("%s: matrix not symmetric with zero diagonal", c.typ)
		}
		if inst.EdgeWeightType != c.typ || inst.N != 2 || inst.Name != "two" || inst.Type != "TSP" {
			t.Errorf("header read as %+v", inst)
		}
	}
}

// burma14 (TSPLIB, GEO) has the published optimum 3323.
const burma14 = `NAME: burma14
TYPE: TSP
COMMENT: 14-Staedte in Burma (Zaw Win)
DIMENSION: 14
EDGE_WEIGHT_TYPE: GEO
EDGE_WEIGHT_FORMAT: FUNCTION 
DISPLAY_DATA_TYPE: COORD_DISPLAY
NODE_COORD_SECTION
   1  16.47       96.10
   2  16.47       94.44
   3  20.09       92.54
   4  22.39       93.37
   5  25.23       97.24
   6  22.00       96.05
   7  20.47       97.02
   8  17.20       96.29
   9  16.30       97.38
  10  14.05       98.12
  11  16.53       97.38
  12  21.52       95.59
  13  19.41       97.13
  14  20.09       94.55
EOF
`

func TestBurma14GEO(t *testing.T) {
	inst, err := readString(t, burma14)
	if err != nil {
		t.Fatal(err)
	}
	tour, err := Solve(context.Background(), inst.Dist, 0, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkTour(t, inst.Dist, 0, tour)
	if tour.Length != 3323 {
		t.Errorf("burma14: %v, published optimum 3323", tour.Length)
	}
}

func TestTSPLIBHeaderVariants(t *testing.T) {
	// keywords without spaces, tabs, no EOF, nodes out of order
	s := "NAME:x\nTYPE:TSP\nDIMENSION:3\nEDGE_WEIGHT_TYPE:EUC_2D\nNODE_COORD_SECTION\n3\t0 4\n1 0 0\n2   3 0\n"
	inst, err := readString(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if inst.Dist.At(0, 1) != 3 || inst.Dist.At(0, 2) != 4 || inst.Dist.At(1, 2) != 5 {
		t.Errorf("distances %v", inst.Dist.D)
	}
	if inst.X[2] != 0 || inst.Y[2] != 4 {
		t.Errorf("node 3 at (%v,%v)", inst.X[2], inst.Y[2])
	}
}

func TestTSPLIBErrors(t *testing.T) {
	head := "NAME : bad\nTYPE : TSP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
	cases := []struct {
		name, in, want string
	}{
		{"two fields", head + "1 0 0\n2 5\n3 1 1\nEOF\n", "line 7: expected \"<node> <x> <y>\""},
		{"node number", head + "1 0 0\n4 1 1\n3 1 1\n", "line 7: expected a node number in 1..3"},
		{"not a number", head + "1 0 0\n2 x 1\n3 1 1\n", "line 7: expected two finite coordinates"},
		{"NaN coordinate", head + "1 0 0\n2 NaN 1\n3 1 1\n", "line 7: expected two finite coordinates"},
		{"duplicate", head + "1 0 0\n1 1 1\n3 1 1\n", "line 7: node 1 appears twice"},
		{"truncated", head + "1 0 0\n2 1 1\nEOF\n", "ended after 2 of 3 nodes"},
		{"ATSP", "NAME : a\nTYPE : ATSP\n", "line 2: TYPE ATSP is not supported"},
		{"CVRP", "NAME : a\nTYPE : CVRP\n", "TYPE CVRP is not supported"},
		{"EXPLICIT", "TYPE : TSP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\n", "line 3: EDGE_WEIGHT_TYPE EXPLICIT is not supported"},
		{"EUC_3D", "TYPE : TSP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_3D\n", "EDGE_WEIGHT_TYPE EUC_3D is not supported"},
		{"weight section", "TYPE : TSP\nDIMENSION : 3\nEDGE_WEIGHT_SECTION\n", "line 3: EDGE_WEIGHT_SECTION is not supported"},
		{"dimension", "TYPE : TSP\nDIMENSION : -4\n", "line 2: expected DIMENSION to be a positive integer"},
		{"dimension text", "TYPE : TSP\nDIMENSION : many\n", "line 2: expected DIMENSION to be a positive integer"},
		{"huge", "TYPE : TSP\nDIMENSION : 100000\n", "exceeds"},
		{"coords before dimension", "TYPE : TSP\nNODE_COORD_SECTION\n1 0 0\n", "line 2: NODE_COORD_SECTION before DIMENSION"},
		{"unknown keyword", "TYPE : TSP\nHELLO there\n", "line 2: expected a TSPLIB keyword"},
		{"no weight type", "TYPE : TSP\nDIMENSION : 1\nNODE_COORD_SECTION\n1 0 0\n", "no EDGE_WEIGHT_TYPE"},
		{"no coordinates", "TYPE : TSP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : GEO\nEOF\n", "no NODE_COORD_SECTION"},
		{"empty", "", "no DIMENSION"},
		{"3D coords", "TYPE : TSP\nNODE_COORD_TYPE : THREED_COORDS\n", "NODE_COORD_TYPE THREED_COORDS is not supported"},
	}
	for _, c := range cases {
		_, err := readString(t, c.in)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not contain %q", c.name, err, c.want)
		}
	}
	if _, err := ReadTSPLIB(nil); err == nil {
		t.Error("nil reader accepted")
	}
}
