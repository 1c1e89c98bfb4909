package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/welfare-intelligence/wi/geo"
)

// raster is a picture drawn in millimetres, for the figures of the
// editable documents (DOCX, Markdown): the same drawing as the PDF's
// vector one, at pxPerMM pixels a millimetre.
type raster struct {
	img *image.RGBA
	k   float64 // pixels per millimetre
}

// pxPerMM is the resolution of the pictures: 7 px/mm, about 180 dpi, sharp
// in print at the width of a page's text.
const pxPerMM = 7.0

func newRaster(wMM, hMM float64) *raster {
	w, h := int(math.Ceil(wMM*pxPerMM)), int(math.Ceil(hMM*pxPerMM))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	return &raster{img: img, k: pxPerMM}
}

func (c rgb) rgba(alpha float64) color.RGBA {
	a := uint8(math.Round(255 * alpha))
	// Premultiplied, as color.RGBA is.
	return color.RGBA{uint8(float64(c.r) * alpha), uint8(float64(c.g) * alpha), uint8(float64(c.b) * alpha), a}
}

// fill paints closed rings (millimetres) in a colour; rings are oriented so
// that inner rings (holes) are left empty whatever their direction in the
// source: the first ring is the outer one, the others its holes.
func (g *raster) fill(rings [][][2]float64, c color.RGBA) {
	g.paint(rings, c, false)
}

// union paints rings that may overlap as one shape: every ring counts as
// an outer ring (the segments and joins of a stroke).
func (g *raster) union(rings [][][2]float64, c color.RGBA) {
	g.paint(rings, c, true)
}

// paint rasterises rings in the box that holds them only: a rasterizer
// as big as the picture for every shape would make a map of a city's
// thousands of edges take minutes.
func (g *raster) paint(rings [][][2]float64, c color.RGBA, allOuter bool) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, ring := range rings {
		for _, p := range ring {
			minX, minY = math.Min(minX, p[0]*g.k), math.Min(minY, p[1]*g.k)
			maxX, maxY = math.Max(maxX, p[0]*g.k), math.Max(maxY, p[1]*g.k)
		}
	}
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1)
	clip := box.Intersect(g.img.Bounds())
	if clip.Empty() {
		return
	}
	// The rasterizer covers the visible part of the box; its pixel (0, 0)
	// is that part's corner, and what lies outside is cut off.
	z := vector.NewRasterizer(clip.Dx(), clip.Dy())
	ox, oy := float64(clip.Min.X), float64(clip.Min.Y)
	for i, ring := range rings {
		if len(ring) < 3 {
			continue
		}
		pts := ring
		// Outer rings one way, holes the other: the rasterizer adds
		// windings, so a hole cancels its polygon and overlapping outer
		// rings make one shape.
		if (ringArea(ring) > 0) != (allOuter || i == 0) {
			pts = reversed(ring)
		}
		z.MoveTo(float32(pts[0][0]*g.k-ox), float32(pts[0][1]*g.k-oy))
		for _, p := range pts[1:] {
			z.LineTo(float32(p[0]*g.k-ox), float32(p[1]*g.k-oy))
		}
		z.ClosePath()
	}
	z.DrawOp = draw.Over
	z.Draw(g.img, clip, image.NewUniform(c), image.Point{})
}

// fillShape paints a geometry: each polygon its outer ring and holes.
func (g *raster) fillShape(p projection, m geo.MultiPolygon, c color.RGBA) {
	for _, pg := range m {
		var rings [][][2]float64
		for _, ring := range pg {
			pts := make([][2]float64, len(ring))
			for i, pt := range ring {
				x, y := p.xy(pt)
				pts[i] = [2]float64{x, y}
			}
			rings = append(rings, pts)
		}
		g.fill(rings, c)
	}
}

// strokeShape draws the outline of every ring of a geometry.
func (g *raster) strokeShape(p projection, m geo.MultiPolygon, width float64, c color.RGBA) {
	var segs [][2][2]float64
	for _, pg := range m {
		for _, ring := range pg {
			for i := range ring {
				x1, y1 := p.xy(ring[i])
				x2, y2 := p.xy(ring[(i+1)%len(ring)])
				segs = append(segs, [2][2]float64{{x1, y1}, {x2, y2}})
			}
		}
	}
	g.lines(segs, width, c)
}

// lines draws segments width millimetres wide, joined by discs, as one
// shape.
func (g *raster) lines(segs [][2][2]float64, width float64, c color.RGBA) {
	var rings [][][2]float64
	h := width / 2
	for _, s := range segs {
		x1, y1, x2, y2 := s[0][0], s[0][1], s[1][0], s[1][1]
		dx, dy := x2-x1, y2-y1
		n := math.Hypot(dx, dy)
		if n == 0 {
			continue
		}
		nx, ny := -dy/n*h, dx/n*h
		rings = append(rings, [][2]float64{{x1 + nx, y1 + ny}, {x2 + nx, y2 + ny}, {x2 - nx, y2 - ny}, {x1 - nx, y1 - ny}})
		if width >= 0.5 {
			rings = append(rings, disc(x1, y1, h, 12))
		}
	}
	if len(rings) > 0 {
		g.union(rings, c)
	}
}

// line draws a segment width millimetres wide.
func (g *raster) line(x1, y1, x2, y2, width float64, c color.RGBA) {
	g.lines([][2][2]float64{{{x1, y1}, {x2, y2}}}, width, c)
}

func disc(x, y, rad float64, n int) [][2]float64 {
	ring := make([][2]float64, n)
	for i := range ring {
		a := 2 * math.Pi * float64(i) / float64(n)
		ring[i] = [2]float64{x + rad*math.Cos(a), y + rad*math.Sin(a)}
	}
	return ring
}

// circle fills a disc.
func (g *raster) circle(x, y, rad float64, c color.RGBA) {
	g.fill([][][2]float64{disc(x, y, rad, 24)}, c)
}

// rect fills a rectangle.
func (g *raster) rect(x, y, w, h float64, c color.RGBA) {
	g.fill([][][2]float64{{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}}, c)
}

// frame draws a rectangle's outline.
func (g *raster) frame(x, y, w, h, width float64, c color.RGBA) {
	g.line(x, y, x+w, y, width, c)
	g.line(x+w, y, x+w, y+h, width, c)
	g.line(x+w, y+h, x, y+h, width, c)
	g.line(x, y+h, x, y, width, c)
}

var (
	faceMu    sync.Mutex
	faceCache = map[[2]float64]xfont.Face{}
	fontsOnce sync.Once
	regular   *opentype.Font
	bold      *opentype.Font
)

// face returns the Go font at a size in points, at the pictures' resolution.
func face(size float64, isBold bool) xfont.Face {
	fontsOnce.Do(func() {
		regular, _ = opentype.Parse(goregular.TTF)
		bold, _ = opentype.Parse(gobold.TTF)
	})
	key := [2]float64{size, 0}
	f := regular
	if isBold {
		key[1] = 1
		f = bold
	}
	faceMu.Lock()
	defer faceMu.Unlock()
	if fc, ok := faceCache[key]; ok {
		return fc
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: pxPerMM * 25.4, Hinting: xfont.HintingNone})
	if err != nil {
		return nil
	}
	faceCache[key] = fc
	return fc
}

// textWidth is the width of a text in millimetres.
func (g *raster) textWidth(s string, size float64, isBold bool) float64 {
	fc := face(size, isBold)
	faceMu.Lock()
	defer faceMu.Unlock()
	return float64(xfont.MeasureString(fc, s)) / 64 / g.k
}

// text writes a text with its baseline's left end at (x, y) millimetres;
// align "C" centres it on x, "R" ends it at x.
func (g *raster) text(x, y float64, s string, size float64, isBold bool, align string, c color.RGBA) {
	fc := face(size, isBold)
	if fc == nil {
		return
	}
	w := g.textWidth(s, size, isBold)
	switch align {
	case "C":
		x -= w / 2
	case "R":
		x -= w
	}
	faceMu.Lock()
	defer faceMu.Unlock()
	d := xfont.Drawer{Dst: g.img, Src: image.NewUniform(c), Face: fc,
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * g.k * 64), Y: fixed.Int26_6(y * g.k * 64)}}
	d.DrawString(s)
}

// png encodes the picture.
func (g *raster) png() ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, g.img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ringArea is twice a ring's signed area.
func ringArea(r [][2]float64) float64 {
	a := 0.0
	for i := range r {
		j := (i + 1) % len(r)
		a += r[i][0]*r[j][1] - r[j][0]*r[i][1]
	}
	return a
}

func reversed(r [][2]float64) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}
