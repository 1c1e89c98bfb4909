package pdf

import (
	"fmt"
	"image"
	"image/draw"
	"math"
	"slices"
	"strconv"

	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/question"
)

// mapPNG draws a map as a picture for the editable documents, from the
// same layout, classes, outline and points as the PDF's vector map: the
// areas by class, the other areas of the level in grey, the territory's
// border, the numbers of the key, the facilities, a scale bar, a north
// arrow and the legend under the map.
func (r *report) mapPNG(spec *MapSpec, m *mapLayout) ([]byte, error) {
	l := r.lang
	boxW, boxH := m.boxW, m.boxH
	p := projection{lon0: (m.sw.Lon + m.ne.Lon) / 2, lat0: m.lat0, kx: m.kx, scale: m.scale, x0: boxW / 2, y0: boxH / 2}
	breaks, ramp, classOf := mapClasses(m.values)

	g := newRaster(boxW, boxH)
	g.rect(0, 0, boxW, boxH, rgb{247, 251, 255}.rgba(1))
	white := rgb{255, 255, 255}.rgba(1)
	for _, shape := range r.contextShapes(spec, m) {
		g.fillShape(p, shape, colOutside.rgba(1))
		g.strokeShape(p, shape, 0.25, white)
	}
	for _, ar := range m.focus {
		c := colWithheld
		if !ar.suppressed {
			c = ramp[classOf(ar.value)]
		}
		g.fillShape(p, ar.shape, c.rgba(1))
	}
	for _, ar := range m.focus {
		g.strokeShape(p, ar.shape, 0.2, rgb{90, 90, 90}.rgba(1))
	}
	ctxEdges, ctxLabels := r.municipiLayer(spec, m)
	g.lines(projectEdges(p, ctxEdges), 0.45, colContext.rgba(1))
	for _, lb := range ctxLabels {
		x, y := p.xy(lb.at)
		g.text(x, y+1, lb.name, 7, false, "C", colContext.rgba(1))
	}
	g.lines(projectEdges(p, r.territoryOutline(m.focus)), 0.8, colHeading.rgba(1))
	dots, counts := r.mapDots(m, p)
	for _, d := range dots {
		alpha := 1.0
		if !d.inside {
			alpha = 0.45
		}
		g.circle(d.x, d.y, 1.1, white)
		g.circle(d.x, d.y, 0.95, pointColours[d.i%len(pointColours)].rgba(alpha))
	}
	for _, ar := range m.focus {
		if ar.number == 0 {
			continue
		}
		pt, ok := ar.shape.PointOnSurface()
		if !ok {
			continue
		}
		x, y := p.xy(pt)
		label := strconv.Itoa(ar.number)
		rad := math.Max(1.5, g.textWidth(label, 6, true)/2+0.6)
		g.circle(x, y, rad+0.15, rgb{90, 90, 90}.rgba(1))
		g.circle(x, y, rad, rgb{255, 255, 255}.rgba(0.9))
		g.text(x, y+0.75, label, 6, true, "C", colText.rgba(1))
	}
	r.rasterNorth(g, boxW-8, 4)
	r.rasterScale(g, p, 4, boxH-7, boxW/4)
	g.frame(0, 0, boxW, boxH, 0.3, colText.rgba(1))

	// The figure: the map and its legend under it.
	fig := newRaster(boxW, boxH+m.legendH-2)
	draw.Draw(fig.img, g.img.Bounds(), g.img, image.Point{}, draw.Src)
	y := boxH + 5.5
	fig.text(0, y, columnLabel(m.col), 7.5, true, "", colText.rgba(1))
	x, y := 0.0, y+1.5
	lo := 0.0
	if len(m.values) > 0 {
		lo = slices.Min(m.values)
	}
	for i, b := range breaks {
		from := lo
		if i > 0 {
			from = breaks[i-1]
		}
		x = fig.swatch(x, y, ramp[i], tickLabelExact(from, m.col, l)+" – "+tickLabelExact(b, m.col, l), false)
	}
	if slices.ContainsFunc(m.focus, func(a mapArea) bool { return a.suppressed }) {
		x = fig.swatch(x, y, colWithheld, l.Pick(":c riservato", ":c withheld"), false)
	}
	fig.swatch(x, y, colOutside, l.Pick("fuori dal territorio", "outside the territory"), false)
	x, y = 0, y+5
	for i, s := range r.data.Services {
		if counts[s.Slug] == 0 {
			continue
		}
		label := r.serviceLegend(s, counts)
		if x+fig.textWidth(label, 7, false)+8 > boxW {
			x, y = 0, y+4.5
		}
		x = fig.swatch(x, y, pointColours[i%len(pointColours)], label, true)
	}
	return fig.png()
}

// swatch draws a legend entry (a square, or a point) and returns the x after it.
func (g *raster) swatch(x, y float64, c rgb, label string, dot bool) float64 {
	if dot {
		g.circle(x+1.6, y+1.7, 1.25, rgb{255, 255, 255}.rgba(1))
		g.circle(x+1.6, y+1.7, 1.1, c.rgba(1))
	} else {
		g.rect(x, y, 3.4, 3.4, rgb{90, 90, 90}.rgba(1))
		g.rect(x+0.15, y+0.15, 3.1, 3.1, c.rgba(1))
	}
	g.text(x+4.2, y+2.6, label, 7, false, "", colText.rgba(1))
	return x + 4.2 + g.textWidth(label, 7, false) + 4
}

func (r *report) rasterNorth(g *raster, x, y float64) {
	c := colText.rgba(1)
	g.fill([][][2]float64{{{x, y}, {x - 2, y + 5}, {x, y + 4}, {x + 2, y + 5}}}, c)
	g.text(x, y+8, "N", 7, true, "C", c)
}

// rasterScale draws the scale bar as the PDF does: a round length near maxW
// millimetres, in two halves.
func (r *report) rasterScale(g *raster, p projection, x, y, maxW float64) {
	metres := maxW / p.mmPerMetre()
	nice := math.Pow(10, math.Floor(math.Log10(metres)))
	for _, m := range []float64{5, 2, 1} {
		if m*nice <= metres {
			nice *= m
			break
		}
	}
	bw := nice * p.mmPerMetre()
	g.rect(x-1.5, y-1.5, bw+14, 6.5, rgb{255, 255, 255}.rgba(0.85))
	dark := colText.rgba(1)
	g.rect(x, y, bw, 1.4, dark)
	g.rect(x+bw/2+0.1, y+0.1, bw/2-0.2, 1.2, rgb{255, 255, 255}.rgba(1))
	g.text(x-0.5, y+4, "0", 6.5, false, "", dark)
	g.text(x+bw-4, y+4, question.FormatDistance(nice, r.lang), 6.5, false, "", dark)
}

// figureAlt is the description of a figure for screen readers: its title
// and where its figures are.
func figureAlt(title, ref string, l question.Lang) string {
	return fmt.Sprintf(l.Pick("%s. I valori sono nella domanda %s (appendice).", "%s. The values are in question %s (appendix)."), title, ref)
}

// projectEdges puts edges on the picture, in millimetres.
func projectEdges(p projection, edges [][2]geo.Point) [][2][2]float64 {
	out := make([][2][2]float64, len(edges))
	for i, e := range edges {
		x1, y1 := p.xy(e[0])
		x2, y2 := p.xy(e[1])
		out[i] = [2][2]float64{{x1, y1}, {x2, y2}}
	}
	return out
}
