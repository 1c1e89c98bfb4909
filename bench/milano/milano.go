// Package milano builds maximal covering instances from Milan's 2011 census
// sections, read from the shared data folder (shared/data/milano, see its
// PROVENANCE.md): the section polygons of sezioni_censimento_2011_milano.geojson
// (ISTAT, EPSG:4326) and the resident population P1 of
// istat_census2011_sezioni_milano.csv, joined on SEZ2011. Each section with
// residents becomes one point (demand = residents, every point a candidate
// site) at the geo package's PointOnSurface of its polygon, projected to
// metres by an equirectangular projection about the mean of the points
// (exact to well under a metre across the city). The data are read, never
// copied into the repository: this is the recipe.
package milano

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/welfare-intelligence/wi/geo"
)

// Files read under the data folder.
const (
	SectionsFile = "sezioni_censimento_2011_milano.geojson"
	CensusFile   = "istat_census2011_sezioni_milano.csv"
)

// Section is a census section as an MCLP point: X, Y in metres, Pop the
// residents (ISTAT field P1).
type Section struct {
	ID   string
	X, Y float64
	Pop  float64
	Lon  float64
	Lat  float64
	Sez  int // the section number SEZ within the comune
}

// Sections reads the sections with at least one resident from dir (the
// shared/data/milano folder), sorted by ID.
func Sections(dir string) ([]Section, error) {
	pop, err := readCensus(filepath.Join(dir, CensusFile))
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, SectionsFile))
	if err != nil {
		return nil, err
	}
	var fc struct {
		Features []struct {
			Properties struct {
				SEZ2011 string `json:"SEZ2011"`
				SEZ     int    `json:"SEZ"`
			} `json:"properties"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("%s: %w", SectionsFile, err)
	}
	var out []Section
	seen := map[string]bool{}
	for k, f := range fc.Features {
		id := f.Properties.SEZ2011
		if seen[id] {
			return nil, fmt.Errorf("%s: section %s twice", SectionsFile, id)
		}
		seen[id] = true
		n := pop[id]
		if n <= 0 {
			continue
		}
		mp, err := geo.ParseGeoJSON(f.Geometry)
		if err != nil {
			return nil, fmt.Errorf("%s: feature %d (%s): %w", SectionsFile, k+1, id, err)
		}
		pt, ok := mp.PointOnSurface()
		if !ok {
			continue
		}
		out = append(out, Section{ID: id, Pop: n, Lon: pt.Lon, Lat: pt.Lat, Sez: f.Properties.SEZ})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no section with residents", dir)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	var lon0, lat0 float64
	for _, s := range out {
		lon0, lat0 = lon0+s.Lon, lat0+s.Lat
	}
	lon0, lat0 = lon0/float64(len(out)), lat0/float64(len(out))
	for i := range out {
		out[i].X = math.Round(10*(out[i].Lon-lon0)*math.Pi/180*geo.EarthRadiusM*math.Cos(lat0*math.Pi/180)) / 10
		out[i].Y = math.Round(10*(out[i].Lat-lat0)*math.Pi/180*geo.EarthRadiusM) / 10
	}
	return out, nil
}

// readCensus reads SEZ2011 → P1 (residents) from the ';'-separated census
// file.
func readCensus(path string) (map[string]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseCensus(f)
}

func parseCensus(r io.Reader) (map[string]float64, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	if !sc.Scan() {
		return nil, fmt.Errorf("%s: empty", CensusFile)
	}
	head := strings.Split(strings.TrimPrefix(sc.Text(), "\ufeff"), ";")
	iID, iP1 := -1, -1
	for i, h := range head {
		switch strings.TrimSpace(h) {
		case "SEZ2011":
			iID = i
		case "P1":
			iP1 = i
		}
	}
	if iID < 0 || iP1 < 0 {
		return nil, fmt.Errorf("%s: no SEZ2011 or P1 column", CensusFile)
	}
	out := map[string]float64{}
	line := 1
	for sc.Scan() {
		line++
		fs := strings.Split(sc.Text(), ";")
		if len(fs) <= max(iID, iP1) {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(fs[iP1]), 64)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: P1 %q: %v", CensusFile, line, fs[iP1], err)
		}
		out[strings.TrimSpace(fs[iID])] = v
	}
	return out, sc.Err()
}
