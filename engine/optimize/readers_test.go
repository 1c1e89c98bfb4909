package optimize

import (
	"math"
	"strings"
	"testing"
)

func TestReadORLibLastCostWins(t *testing.T) {
	// Edge 1–2 appears twice: first 2, then 7. OR-Library keeps the last.
	pr, err := ReadORLib(strings.NewReader(" 3 3 1\n 1 2 2\n 2 3 10\n 1 2 7\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0, 7, 17}, {7, 0, 10}, {17, 10, 0}}
	for i := range 3 {
		for j := range 3 {
			if pr.Dist.At(i, j) != want[i][j] {
				t.Fatalf("d(%d,%d) = %v, want %v (last cost wins, then Floyd–Warshall)", i+1, j+1, pr.Dist.At(i, j), want[i][j])
			}
		}
	}
	if pr.P != 1 || pr.Weight != nil {
		t.Fatalf("P %d weight %v", pr.P, pr.Weight)
	}
	// Shortest paths through a cheaper detour still apply.
	pr, err = ReadORLib(strings.NewReader("3 3 1\n1 2 50\n1 3 1\n3 2 1\n"))
	if err != nil || pr.Dist.At(0, 1) != 2 {
		t.Fatalf("detour: %v %v", err, pr.Dist.At(0, 1))
	}
}

func TestReadersRejectMalformed(t *testing.T) {
	cases := []struct {
		name, in, want string
		read           func(string) error
	}{
		{"orlib header", "3 x 1\n", "line 1", orlib},
		{"orlib short header", "3 3\n", "line 1: expected 3 fields", orlib},
		{"orlib vertex range", "3 2 1\n1 2 4\n1 4 5\n", "line 3: vertex j", orlib},
		{"orlib missing edge", "3 3 1\n1 2 4\n\n2 3 1\n", "line 5: expected", orlib},
		{"orlib negative cost", "3 2 1\n1 2 -4\n2 3 1\n", "line 2: cost", orlib},
		{"orlib trailing data", "2 1 1\n1 2 4\n1 2\n", "line 3: unexpected data", orlib},
		{"orlib disconnected", "3 1 1\n1 2 4\n", "not connected", orlib},
		{"orlib p > n", "2 1 3\n1 2 4\n", "line 1: p", orlib},
		{"cap header", "1 713\n3 1\n", "line 2: expected 3 fields", orlibCap},
		{"cap node fields", "1 713\n2 1 10\n1 0 0 3\n2 5 5\n", "line 4: expected 4 fields", orlibCap},
		{"cap demand", "1 713\n2 1 10\n1 0 0 3\n2 5 5 x\n", "line 4: field 4 (demand)", orlibCap},
		{"cap missing node", "1 713\n2 1 10\n1 0 0 3\n", "line 4: expected node 2 of 2", orlibCap},
		{"csv header", "name,a,b\n", "line 1: expected a header", csvPts},
		{"csv lat", "id,lat,lon,demand\na,45,9,1\nb,95,9,1\n", "line 3: lat", csvPts},
		{"csv number", "id,x,y\na,1,2\nb,1,zz\n", "line 3: y", csvPts},
		{"csv fields", "id,x,y,demand\na,1,2,3\nb,1,2\n", "line 3: expected 4 fields", csvPts},
		{"csv duplicate id", "id,x,y\na,1,2\na,3,4\n", "line 3: id \"a\" already used on line 2", csvPts},
		{"csv negative demand", "id,x,y,demand\na,1,2,-3\n", "line 2: demand", csvPts},
		{"sjc count", "3\n1 2\n3 4\n", "SJC coordinates: line 4", sjc},
		{"sjc coords", "2\n1 2\n3\n", "SJC coordinates: line 3: expected 2 fields", sjc},
	}
	for _, c := range cases {
		err := c.read(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want it to contain %q", c.name, err, c.want)
		}
	}
	if _, err := ReadSJC(strings.NewReader("2\n1 2\n3 4\n"), strings.NewReader("5\nabc\n")); err == nil || !strings.Contains(err.Error(), "SJC demand: line 2") {
		t.Errorf("SJC demand: %v", err)
	}
}

func orlib(s string) error { _, err := ReadORLib(strings.NewReader(s)); return err }
func orlibCap(s string) error {
	_, _, _, err := ReadORLibCap(strings.NewReader(s))
	return err
}
func csvPts(s string) error { _, _, err := ReadPointsCSV(strings.NewReader(s)); return err }
func sjc(s string) error {
	_, err := ReadSJC(strings.NewReader(s), strings.NewReader("1\n1\n1\n"))
	return err
}

func TestReadORLibCap(t *testing.T) {
	pr, ids, pub, err := ReadORLibCap(strings.NewReader(" 1 713\n 3 1 10\n 1 0 0 3\n 2 3 4 5\n 3 6 8 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if pub != 713 || len(ids) != 3 || ids[1] != "2" || pr.P != 1 || pr.Weight != nil {
		t.Fatalf("pub %v ids %v P %d", pub, ids, pr.P)
	}
	if pr.Dist.At(0, 1) != 5 || pr.Dist.At(0, 2) != 10 || pr.Demand[1] != 5 || pr.Capacity[2] != 10 {
		t.Fatalf("d %v demand %v capacity %v", pr.Dist.D, pr.Demand, pr.Capacity)
	}
}

func TestReadPointsCSV(t *testing.T) {
	pts, geo, err := ReadPointsCSV(strings.NewReader("\ufeffID,Lat,Lon,Demand\nA,45.46,9.19,12\nB,45.47,9.2,0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !geo || len(pts) != 2 || pts[0].X != 9.19 || pts[0].Y != 45.46 || pts[0].Demand != 12 || pts[1].ID != "B" {
		t.Fatalf("geo %v pts %+v", geo, pts)
	}
	pts, geo, err = ReadPointsCSV(strings.NewReader("x,y,id\n10,20,c1\n"))
	if err != nil || geo || pts[0].X != 10 || pts[0].Y != 20 || pts[0].Demand != 1 {
		t.Fatalf("metric without demand: %v %v %+v", err, geo, pts)
	}
	// Milan Duomo to Milano Centrale is about 2.7 km.
	m := DistanceMatrix([]Point{{X: 9.1919, Y: 45.4642}}, []Point{{X: 9.2048, Y: 45.4862}}, true)
	if d := m.At(0, 0); math.Abs(d-2662) > 30 {
		t.Fatalf("haversine %v m", d)
	}
}
