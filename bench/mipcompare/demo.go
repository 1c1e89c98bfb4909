package main

import (
	"bufio"
	"fmt"
	"math"
	"os"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine/optimize"
)

// demoPoints returns the demo city's census sections as points in metres
// with the latest count of target as demand.
func demoPoints(target string) ([]optimize.Point, error) {
	var pts []optimize.Point
	err := eachDemoSection(target, func(_ string, x, y float64, n int64) {
		pts = append(pts, optimize.Point{X: x, Y: y, Demand: float64(n)})
	})
	return pts, err
}

// writeDemoPoints writes the demo city's census sections as MCLP points:
// id,x,y,demand with x, y in metres (an equirectangular projection about
// the city's centre, exact to well under a metre at this scale) and the
// demand the latest year's count of target.
func writeDemoPoints(path, target string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,x,y,demand")
	err = eachDemoSection(target, func(id string, x, y float64, n int64) {
		fmt.Fprintf(w, "%s,%.1f,%.1f,%d\n", id, x, y, n)
	})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// eachDemoSection calls fn for each census section of the demo city.
func eachDemoSection(target string, fn func(id string, x, y float64, n int64)) error {
	d, err := catalog.Demo(catalog.DemoOptions{Seed: catalog.DefaultDemoSeed})
	if err != nil {
		return err
	}
	latest := 0
	for _, r := range d.Demand {
		latest = max(latest, r.Year)
	}
	count := map[string]int64{}
	for _, r := range d.Demand {
		if r.Target == target && r.Year == latest {
			count[r.AreaID] += r.Count
		}
	}
	var lon0, lat0 float64
	var k float64
	for _, a := range d.Areas {
		if a.Level == "section" {
			lon0, lat0, k = lon0+a.Lon, lat0+a.Lat, k+1
		}
	}
	if k == 0 {
		return fmt.Errorf("demo city has no sections")
	}
	lon0, lat0 = lon0/k, lat0/k
	const r = 6371008.8
	for _, a := range d.Areas {
		if a.Level != "section" {
			continue
		}
		x := (a.Lon - lon0) * math.Pi / 180 * r * math.Cos(lat0*math.Pi/180)
		y := (a.Lat - lat0) * math.Pi / 180 * r
		fn(a.ID, math.Round(10*x)/10, math.Round(10*y)/10, count[a.ID])
	}
	return nil
}
