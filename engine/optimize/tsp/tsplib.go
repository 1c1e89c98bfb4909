package tsp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// MaxTSPLIBNodes is the largest DIMENSION ReadTSPLIB accepts: the distance
// matrix is dense (8·n² bytes).
const MaxTSPLIBNodes = 10000

// Instance is a symmetric TSP read from a TSPLIB95 file.
type Instance struct {
	Name, Type, EdgeWeightType string
	Comment                    string
	N                          int
	X, Y                       []float64 // coordinates of node i (file node i+1)
	Dist                       *Dist     // distances as EdgeWeightType defines them
}

// ReadTSPLIB reads a TSPLIB95 symmetric TSP with a NODE_COORD_SECTION and
// one of the edge weight types EUC_2D, CEIL_2D, ATT or GEO, computing the
// distances exactly as TSPLIB95 defines them (nint(x) = int(x+0.5); ATT's
// pseudo-Euclidean distance rounded up when nint falls below it; GEO with
// PI = 3.141592, degrees.minutes converted with truncation of the degrees,
// RRR = 6378.388 and d = int(RRR·acos(½((1+q1)q2−(1−q1)q3))+1)). Node i of the
// file becomes index i−1. Errors name the line and what was expected; other
// problem types, edge weight types and sections are refused by name.
func ReadTSPLIB(r io.Reader) (*Instance, error) {
	if r == nil {
		return nil, errors.New("tsplib: nil reader")
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	inst := &Instance{}
	lineNo := 0
	dimLine := 0
	var seen []bool
	coords := 0
	next := func() (string, bool) {
		for sc.Scan() {
			lineNo++
			s := strings.TrimSpace(sc.Text())
			if s != "" {
				return s, true
			}
		}
		return "", false
	}
lines:
	for {
		line, ok := next()
		if !ok {
			break
		}
		key, val := line, ""
		if i := strings.IndexByte(line, ':'); i >= 0 {
			key, val = strings.TrimSpace(line[:i]), strings.TrimSpace(line[i+1:])
		}
		key = strings.ToUpper(key)
		switch key {
		case "EOF":
			break lines
		case "NAME":
			inst.Name = val
		case "COMMENT":
			if inst.Comment != "" {
				inst.Comment += "\n"
			}
			inst.Comment += val
		case "TYPE":
			inst.Type = strings.ToUpper(val)
			if inst.Type != "TSP" {
				return nil, fmt.Errorf("tsplib: line %d: TYPE %s is not supported (only TSP, the symmetric travelling salesman problem)", lineNo, val)
			}
		case "DIMENSION":
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("tsplib: line %d: expected DIMENSION to be a positive integer, got %q", lineNo, val)
			}
			if n > MaxTSPLIBNodes {
				return nil, fmt.Errorf("tsplib: line %d: DIMENSION %d exceeds the %d nodes a dense distance matrix allows", lineNo, n, MaxTSPLIBNodes)
			}
			inst.N, dimLine = n, lineNo
		case "EDGE_WEIGHT_TYPE":
			t := strings.ToUpper(val)
			switch t {
			case "EUC_2D", "CEIL_2D", "ATT", "GEO":
				inst.EdgeWeightType = t
			default:
				return nil, fmt.Errorf("tsplib: line %d: EDGE_WEIGHT_TYPE %s is not supported (supported: EUC_2D, CEIL_2D, ATT, GEO)", lineNo, val)
			}
		case "NODE_COORD_TYPE":
			if t := strings.ToUpper(val); t != "TWOD_COORDS" {
				return nil, fmt.Errorf("tsplib: line %d: NODE_COORD_TYPE %s is not supported (only TWOD_COORDS)", lineNo, val)
			}
		case "DISPLAY_DATA_TYPE", "EDGE_WEIGHT_FORMAT":
			// irrelevant with coordinates
		case "CAPACITY":
			return nil, fmt.Errorf("tsplib: line %d: CAPACITY belongs to CVRP instances, which are not supported", lineNo)
		case "NODE_COORD_SECTION", "DISPLAY_DATA_SECTION":
			if inst.N == 0 {
				return nil, fmt.Errorf("tsplib: line %d: %s before DIMENSION", lineNo, key)
			}
			isCoord := key == "NODE_COORD_SECTION"
			if isCoord {
				if seen != nil {
					return nil, fmt.Errorf("tsplib: line %d: second NODE_COORD_SECTION", lineNo)
				}
				seen = make([]bool, inst.N)
				inst.X = make([]float64, inst.N)
				inst.Y = make([]float64, inst.N)
			}
			for k := 0; k < inst.N; k++ {
				l, ok := next()
				if !ok || strings.EqualFold(l, "EOF") {
					return nil, fmt.Errorf("tsplib: line %d: %s ended after %d of %d nodes (DIMENSION at line %d)", lineNo, key, k, inst.N, dimLine)
				}
				f := strings.Fields(l)
				if len(f) != 3 {
					return nil, fmt.Errorf("tsplib: line %d: expected \"<node> <x> <y>\" in %s, got %q", lineNo, key, l)
				}
				id, err := strconv.Atoi(f[0])
				if err != nil || id < 1 || id > inst.N {
					return nil, fmt.Errorf("tsplib: line %d: expected a node number in 1..%d, got %q", lineNo, inst.N, f[0])
				}
				x, errX := strconv.ParseFloat(f[1], 64)
				y, errY := strconv.ParseFloat(f[2], 64)
				if errX != nil || errY != nil || math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
					return nil, fmt.Errorf("tsplib: line %d: expected two finite coordinates for node %d, got %q %q", lineNo, id, f[1], f[2])
				}
				if !isCoord {
					continue
				}
				if seen[id-1] {
					return nil, fmt.Errorf("tsplib: line %d: node %d appears twice in NODE_COORD_SECTION", lineNo, id)
				}
				seen[id-1] = true
				inst.X[id-1], inst.Y[id-1] = x, y
				coords++
			}
		default:
			if strings.HasSuffix(key, "_SECTION") {
				return nil, fmt.Errorf("tsplib: line %d: %s is not supported (only NODE_COORD_SECTION)", lineNo, key)
			}
			return nil, fmt.Errorf("tsplib: line %d: expected a TSPLIB keyword such as NAME, TYPE, DIMENSION, EDGE_WEIGHT_TYPE or NODE_COORD_SECTION, got %q", lineNo, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tsplib: line %d: %w", lineNo+1, err)
	}
	if inst.N == 0 {
		return nil, errors.New("tsplib: no DIMENSION")
	}
	if inst.EdgeWeightType == "" {
		return nil, errors.New("tsplib: no EDGE_WEIGHT_TYPE")
	}
	if seen == nil {
		return nil, errors.New("tsplib: no NODE_COORD_SECTION")
	}
	if coords != inst.N {
		return nil, fmt.Errorf("tsplib: NODE_COORD_SECTION has %d of %d nodes", coords, inst.N)
	}
	if inst.Type == "" {
		inst.Type = "TSP"
	}
	f := distFunc(inst.EdgeWeightType)
	n := inst.N
	inst.Dist = NewDist(n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			inst.Dist.Set(i, j, f(inst.X[i], inst.Y[i], inst.X[j], inst.Y[j]))
		}
	}
	return inst, nil
}

// nint is TSPLIB95's rounding: (int)(x + 0.5).
func nint(x float64) float64 { return float64(int64(x + 0.5)) }

// distFunc returns the TSPLIB95 distance function for an edge weight type
// (EUC_2D, CEIL_2D, ATT or GEO), or nil.
func distFunc(t string) func(x1, y1, x2, y2 float64) float64 {
	switch t {
	case "EUC_2D":
		return func(x1, y1, x2, y2 float64) float64 {
			dx, dy := x1-x2, y1-y2
			return nint(math.Sqrt(dx*dx + dy*dy))
		}
	case "CEIL_2D":
		return func(x1, y1, x2, y2 float64) float64 {
			dx, dy := x1-x2, y1-y2
			return math.Ceil(math.Sqrt(dx*dx + dy*dy))
		}
	case "ATT":
		return func(x1, y1, x2, y2 float64) float64 {
			dx, dy := x1-x2, y1-y2
			r := math.Sqrt((dx*dx + dy*dy) / 10.0)
			t := nint(r)
			if t < r {
				return t + 1
			}
			return t
		}
	case "GEO":
		return func(x1, y1, x2, y2 float64) float64 {
			lat1, lon1 := geoRadians(x1), geoRadians(y1)
			lat2, lon2 := geoRadians(x2), geoRadians(y2)
			const rrr = 6378.388
			q1 := math.Cos(lon1 - lon2)
			q2 := math.Cos(lat1 - lat2)
			q3 := math.Cos(lat1 + lat2)
			a := 0.5 * ((1.0+q1)*q2 - (1.0-q1)*q3)
			if a > 1 {
				a = 1
			} else if a < -1 {
				a = -1
			}
			return float64(int64(rrr*math.Acos(a) + 1.0))
		}
	}
	return nil
}

// geoRadians converts TSPLIB's DDD.MM (degrees.minutes) to radians with
// PI = 3.141592, truncating to get the degrees.
func geoRadians(x float64) float64 {
	const pi = 3.141592
	deg := math.Trunc(x)
	min := x - deg
	return pi * (deg + 5.0*min/3.0) / 180.0
}
