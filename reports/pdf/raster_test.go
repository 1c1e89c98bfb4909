package pdf

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"
)

// TestRasterFillsShapesWithHolesAndClips draws a square with a hole, a
// stroke and a shape half outside the picture: the hole stays white, the
// ring is filled, the stroke is drawn, and nothing breaks at the edge.
func TestRasterFillsShapesWithHolesAndClips(t *testing.T) {
	g := newRaster(40, 40)
	red := color.RGBA{200, 0, 0, 255}
	outer := [][2]float64{{5, 5}, {35, 5}, {35, 35}, {5, 35}}
	hole := [][2]float64{{15, 15}, {25, 15}, {25, 25}, {15, 25}} // same direction as the outer ring
	g.fill([][][2]float64{outer, hole}, red)
	g.line(0, 38, 40, 38, 0.6, color.RGBA{0, 0, 255, 255})
	g.fill([][][2]float64{{{30, 30}, {60, 30}, {60, 60}, {30, 60}}}, color.RGBA{0, 200, 0, 255})
	at := func(xmm, ymm float64) color.RGBA {
		return g.img.RGBAAt(int(xmm*pxPerMM), int(ymm*pxPerMM))
	}
	if c := at(10, 10); c != red {
		t.Errorf("the ring is %v, want red", c)
	}
	if c := at(20, 20); c != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("the hole is %v, want white", c)
	}
	if c := at(20, 38); c.B < 200 {
		t.Errorf("the stroke is %v, want blue", c)
	}
	if c := at(39, 39); c.G < 150 {
		t.Errorf("the clipped shape is %v, want green", c)
	}
	b, err := g.png()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
}
