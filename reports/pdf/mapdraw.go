package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// Colours of the map: five sequential classes (ColorBrewer YlOrRd), the
// areas outside the territory, withheld areas, and the services' points.
var (
	classColours = []rgb{{255, 255, 178}, {254, 204, 92}, {253, 141, 60}, {240, 59, 32}, {189, 0, 38}}
	colOutside   = rgb{228, 228, 228}
	colWithheld  = rgb{170, 170, 170}
	colContext   = rgb{110, 110, 110} // the municipi's borders and names
	pointColours = []rgb{{31, 120, 180}, {51, 160, 44}, {106, 61, 154}, {0, 0, 0}, {177, 89, 40}, {0, 139, 139}, {255, 127, 0}}
)

// loadOutlines reads the outlines the template's maps need, and those of the
// report's own area to draw its border. A catalog without outlines gives
// maps that say so.
func (r *report) loadOutlines(ctx context.Context) error {
	levels := []string{}
	for _, s := range r.tpl.Sections {
		blocks := s.Blocks
		if s.Each != nil {
			blocks = append(slices.Clone(blocks), s.Each.Blocks...)
		}
		for _, b := range blocks {
			if b.Map != nil {
				levels = append(levels, mapLevel(b.Map))
			}
		}
	}
	if len(levels) == 0 {
		return nil
	}
	if lv := r.data.AreaLevel; lv == question.LevelNIL || lv == question.LevelMunicipio {
		levels = append(levels, lv)
	}
	r.outlines = map[string]map[string]geo.MultiPolygon{}
	for _, lv := range levels {
		if _, ok := r.outlines[lv]; ok {
			continue
		}
		o, err := r.eng.Outlines(ctx, lv)
		if errors.Is(err, answers.ErrNotAvailable) {
			continue
		}
		if err != nil {
			return err
		}
		r.outlines[lv] = o
	}
	return nil
}

func mapLevel(m *MapSpec) string {
	if m.Level == "" {
		return question.LevelNIL
	}
	return m.Level
}

// projection maps lon/lat to the page: equirectangular at the centre's
// latitude, which is exact enough at a city's scale.
type projection struct {
	lon0, lat0, kx, scale float64 // scale: mm per degree of latitude
	x0, y0                float64 // page position of (lon0, lat0)
}

func (p projection) xy(pt geo.Point) (float64, float64) {
	return p.x0 + (pt.Lon-p.lon0)*p.kx*p.scale, p.y0 - (pt.Lat-p.lat0)*p.scale
}

// mmPerMetre is the map scale.
func (p projection) mmPerMetre() float64 { return p.scale / 111_195 }

// mapArea is an area of the choropleth.
type mapArea struct {
	id         string
	name       string // cleaned, for the key
	count      string // the key's figure ("" when the map has none)
	shape      geo.MultiPolygon
	value      float64
	suppressed bool
	number     int // its number on the map and in the key; 0 = not numbered
}

// maxNumbered is the most areas numbered on a map (the first of the
// answer's order, the ones with most of the target).
const maxNumbered = 30

// mapLayout is what a map shows and where: its areas, frame and size.
type mapLayout struct {
	col         answers.Column
	focus       []mapArea
	values      []float64
	sw, ne      geo.Point
	lat0, kx    float64
	scale       float64
	boxW, boxH  float64
	legendH     float64
	key         string // "1 Isola (4.531) · 2 …": the numbered areas
	keyH        float64
	unavailable string // why there is no map; "" when there is one
}

// layoutMap reads an answer's areas and values and frames them.
func (r *report) layoutMap(spec *MapSpec, a *answer, factsheet bool) *mapLayout {
	l := r.lang
	res := a.res
	m := &mapLayout{}
	shapes := r.outlines[mapLevel(spec)]
	ai, vi := columnIndex(res, "area_id"), columnIndex(res, spec.Value)
	if len(shapes) == 0 || ai < 0 || vi < 0 {
		m.unavailable = l.Pick("Mappa non disponibile: il catalogo non ha i confini delle aree, o la risposta non ha i valori per area. ",
			"Map not available: the catalog has no area outlines, or the answer has no values by area. ") + a.ref(l) + ": " + a.canonical
		return m
	}
	m.col = res.Columns[vi]
	ni, ci := columnIndex(res, "area_name"), columnIndex(res, spec.Count)
	for _, row := range res.Rows {
		if ai >= len(row) || vi >= len(row) {
			continue
		}
		id, _ := row[ai].Raw().(string)
		// Answers name areas by slug; outlines are by ID.
		if ar, ok := r.vocab.Area(id); ok {
			id = ar.ID
		}
		shape, ok := shapes[id]
		if !ok {
			continue
		}
		ar := mapArea{id: id, shape: shape, suppressed: row[vi].IsSuppressed()}
		if !ar.suppressed {
			ar.value, _ = toFloat(row[vi].Raw())
			m.values = append(m.values, ar.value)
		}
		if ni >= 0 && ni < len(row) {
			ar.name = cellText(row[ni], res.Columns[ni], l)
		}
		if ci >= 0 && ci < len(row) {
			ar.count = cellText(row[ci], res.Columns[ci], l)
		}
		if ar.name != "" && len(m.focus) < maxNumbered {
			ar.number = len(m.focus) + 1
		}
		m.focus = append(m.focus, ar)
	}
	var key []string
	for _, ar := range m.focus {
		if ar.number > 0 {
			k := fmt.Sprintf("%d %s", ar.number, ar.name)
			if ar.count != "" {
				k += " (" + ar.count + ")"
			}
			key = append(key, k)
		}
	}
	if len(key) > 0 {
		m.key = strings.Join(key, " · ")
		if len(key) < len(m.focus) {
			m.key += fmt.Sprintf(l.Pick(" (numerate le prime %d aree su %d).", " (the first %d areas of %d numbered)."), len(key), len(m.focus))
		}
		// 7 pt, 3.2 mm a line: about 125 characters a line.
		m.keyH = 3.2*math.Ceil(float64(len([]rune(m.key)))/125) + 1.5
	}
	if len(m.focus) == 0 {
		m.unavailable = l.Pick("Mappa non disponibile: nessuna area della risposta ha un confine nel catalogo. ",
			"Map not available: no area of the answer has an outline in the catalog. ") + a.ref(l) + ": " + a.canonical
		return m
	}
	// The frame: the focus areas' bounds, padded.
	sw, ne := m.focus[0].shape.Bounds()
	for _, ar := range m.focus[1:] {
		s, n := ar.shape.Bounds()
		sw.Lon, sw.Lat = math.Min(sw.Lon, s.Lon), math.Min(sw.Lat, s.Lat)
		ne.Lon, ne.Lat = math.Max(ne.Lon, n.Lon), math.Max(ne.Lat, n.Lat)
	}
	padLon, padLat := (ne.Lon-sw.Lon)*0.05, (ne.Lat-sw.Lat)*0.05
	m.sw = geo.Point{Lon: sw.Lon - padLon, Lat: sw.Lat - padLat}
	m.ne = geo.Point{Lon: ne.Lon + padLon, Lat: ne.Lat + padLat}
	m.lat0 = (m.sw.Lat + m.ne.Lat) / 2
	m.kx = math.Cos(m.lat0 * math.Pi / 180)
	m.boxW, m.boxH = contentW, 125.0
	if factsheet {
		m.boxH = 80
	}
	if h, ok := r.mapMaxH[spec]; ok {
		m.boxH = min(m.boxH, h)
	}
	m.scale = math.Min(m.boxW/((m.ne.Lon-m.sw.Lon)*m.kx), m.boxH/(m.ne.Lat-m.sw.Lat))
	m.boxH = math.Min(m.boxH, (m.ne.Lat-m.sw.Lat)*m.scale)
	rows := max(1, (len(r.data.Services)+2)/3) // rows of service points in the legend
	m.legendH = 17.5 + 4.5*float64(rows-1)
	return m
}

// height is the room the map takes with its title, legend and note.
func (m *mapLayout) height() float64 {
	if m.unavailable != "" {
		return 12
	}
	return 6.5 + m.boxH + m.legendH + m.keyH + 8
}

// drawMap draws a choropleth of an answer's value by area, the other areas
// in grey, the report's area outlined, and the facilities of the target's
// services as points; with a legend, a scale bar and a north arrow.
func (r *report) drawMap(w *writer, spec *MapSpec, a *answer, title string) {
	l := r.lang
	f := w.pdf
	m := r.layoutMap(spec, a, w.factsheet)
	if m.unavailable != "" {
		w.missing(m.unavailable)
		return
	}
	col, focus, values, sw, ne := m.col, m.focus, m.values, m.sw, m.ne
	boxW, boxH := m.boxW, m.boxH
	if title != "" {
		r.chartTitle(w, title, boxH+m.legendH)
	} else {
		w.need(boxH + m.legendH + 10)
	}
	bx, by := marginL, f.GetY()
	p := projection{lon0: (sw.Lon + ne.Lon) / 2, lat0: m.lat0, kx: m.kx, scale: m.scale, x0: bx + boxW/2, y0: by + boxH/2}

	breaks, ramp, classOf := mapClasses(values)

	f.ClipRect(bx, by, boxW, boxH, false)
	w.fill(rgb{247, 251, 255})
	f.Rect(bx, by, boxW, boxH, "F")
	// Context: the other areas of the level in the frame.
	w.draw(rgb{255, 255, 255})
	f.SetLineWidth(0.25)
	for _, shape := range r.contextShapes(spec, m) {
		w.fill(colOutside)
		drawShape(f, p, shape)
	}
	w.draw(rgb{90, 90, 90})
	f.SetLineWidth(0.2)
	for _, ar := range focus {
		if ar.suppressed {
			w.fill(colWithheld)
		} else {
			w.fill(ramp[classOf(ar.value)])
		}
		drawShape(f, p, ar.shape)
	}
	// The report's own area, outlined: as the union of its neighbourhoods
	// on the map when it is made of them, else by its own outline.
	// Context: the municipi's borders and names, light.
	ctxEdges, ctxLabels := r.municipiLayer(spec, m)
	w.draw(colContext)
	f.SetLineWidth(0.45)
	for _, e := range ctxEdges {
		x1, y1 := p.xy(e[0])
		x2, y2 := p.xy(e[1])
		f.Line(x1, y1, x2, y2)
	}
	for _, lb := range ctxLabels {
		x, y := p.xy(lb.at)
		w.font("I", 7)
		w.color(colContext)
		lw := f.GetStringWidth(lb.name)
		f.SetXY(x-lw/2-0.5, y-1.5)
		f.CellFormat(lw+1, 3, lb.name, "", 0, "C", false, 0, "")
	}
	w.color(colText)
	if edges := r.territoryOutline(focus); len(edges) > 0 {
		w.draw(colHeading)
		f.SetLineWidth(0.8)
		f.SetLineCapStyle("round")
		for _, e := range edges {
			x1, y1 := p.xy(e[0])
			x2, y2 := p.xy(e[1])
			f.Line(x1, y1, x2, y2)
		}
		f.SetLineCapStyle("butt")
	}
	// Facilities: those of the territory in full colour and counted in
	// the legend, the others fainter; points at the same place spread
	// around it so that each is seen.
	dots, counts := r.mapDots(m, p)
	for _, d := range dots {
		if !d.inside {
			f.SetAlpha(0.45, "Normal")
		}
		f.SetLineWidth(0.15)
		w.draw(rgb{255, 255, 255})
		w.fill(pointColours[d.i%len(pointColours)])
		f.Circle(d.x, d.y, 0.95, "DF")
		f.SetAlpha(1, "Normal")
	}
	// Area numbers, keyed to the list under the map: over the points,
	// so that a facility never hides the number of its area.
	for _, ar := range focus {
		if ar.number == 0 {
			continue
		}
		pt, ok := ar.shape.PointOnSurface()
		if !ok {
			continue
		}
		x, y := p.xy(pt)
		label := strconv.Itoa(ar.number)
		w.font("B", 6)
		rad := math.Max(1.5, f.GetStringWidth(label)/2+0.6)
		w.fill(rgb{255, 255, 255})
		w.draw(rgb{90, 90, 90})
		f.SetLineWidth(0.15)
		f.SetAlpha(0.85, "Normal")
		f.Circle(x, y, rad, "DF")
		f.SetAlpha(1, "Normal")
		w.color(colText)
		f.SetXY(x-rad, y-1.5)
		f.CellFormat(2*rad, 3, label, "", 0, "C", false, 0, "")
	}
	f.ClipEnd()
	w.draw(colText)
	f.SetLineWidth(0.3)
	f.Rect(bx, by, boxW, boxH, "D")
	r.northArrow(w, bx+boxW-8, by+4)
	r.scaleBar(w, p, bx+4, by+boxH-7, boxW/4)
	w.logf("map", "%d areas by %s, %d classes, %d facility points (%d in the territory), %d municipi named", len(focus), col.Name, len(breaks), len(dots), sumCounts(counts), len(ctxLabels))

	// Legend.
	f.SetXY(bx, by+boxH+2.5)
	w.font("B", 7.5)
	w.color(colText)
	f.CellFormat(contentW, 3.5, columnLabel(col), "", 1, "L", false, 0, "")
	x, y := bx, f.GetY()+0.5
	w.font("", 7)
	lo := 0.0
	if len(values) > 0 {
		lo = slices.Min(values)
	}
	for i, b := range breaks {
		from := lo
		if i > 0 {
			from = breaks[i-1]
		}
		label := tickLabelExact(from, col, l) + " – " + tickLabelExact(b, col, l)
		x = r.swatch(w, x, y, ramp[i], label, false)
	}
	if slices.ContainsFunc(focus, func(a mapArea) bool { return a.suppressed }) {
		x = r.swatch(w, x, y, colWithheld, l.Pick(":c riservato", ":c withheld"), false)
	}
	r.swatch(w, x, y, colOutside, l.Pick("fuori dal territorio", "outside the territory"), false)
	x, y = bx, y+5
	for i, s := range r.data.Services {
		if counts[s.Slug] == 0 {
			continue
		}
		label := r.serviceLegend(s, counts)
		if x+f.GetStringWidth(label)+8 > bx+contentW {
			x, y = bx, y+4.5
		}
		x = r.swatch(w, x, y, pointColours[i%len(pointColours)], label, true)
	}
	f.SetXY(marginL, y+5.5)
	pic, err := r.mapPNG(spec, m)
	r.figure(w, title, a, pic, err, figureW)
	if m.key != "" {
		w.doc.Paragraph("", m.key)
		w.font("", 7)
		w.color(colText)
		f.MultiCell(contentW, 3.2, m.key, "", "L", false)
		f.Ln(1.5)
		w.logf("key", "%s", m.key)
	}
	w.note(a.ref(l) + ": " + a.canonical + l.Pick(". Colori per classi (quantili) dei valori pubblicati; numeri: le aree dell'elenco; punti: strutture dei servizi del target (posizione dal catalogo), più chiari fuori dal territorio, affiancati dove coincidono.",
		". Colours by classes (quantiles) of the published values; numbers: the areas of the list; points: facilities of the target's services (position from the catalog), fainter outside the territory, side by side where they coincide."))
}

// mapClasses returns the classes of a map's values (quantiles of the
// published values: their upper bounds), a colour for each and the class of
// a value.
func mapClasses(values []float64) ([]float64, []rgb, func(float64) int) {
	breaks := quantileBreaks(values, len(classColours))
	classOf := func(v float64) int {
		for i, b := range breaks {
			if v <= b {
				return i
			}
		}
		return len(breaks) - 1
	}
	ramp := classColours
	if len(breaks) < len(classColours) {
		// Fewer classes take colours spread over the whole ramp.
		ramp = make([]rgb, len(breaks))
		for i := range breaks {
			ramp[i] = classColours[int(math.Round(float64(i)*float64(len(classColours)-1)/math.Max(1, float64(len(breaks)-1))))]
		}
	}
	return breaks, ramp, classOf
}

// contextShapes returns the areas of the map's level in its frame that are
// not among the answer's, in a stable order: drawn in grey around them.
func (r *report) contextShapes(spec *MapSpec, m *mapLayout) []geo.MultiPolygon {
	inFocus := map[string]bool{}
	for _, ar := range m.focus {
		inFocus[ar.id] = true
	}
	shapes := r.outlines[mapLevel(spec)]
	ids := make([]string, 0, len(shapes))
	for id := range shapes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out []geo.MultiPolygon
	for _, id := range ids {
		if inFocus[id] {
			continue
		}
		s, n := shapes[id].Bounds()
		if n.Lon < m.sw.Lon || s.Lon > m.ne.Lon || n.Lat < m.sw.Lat || s.Lat > m.ne.Lat {
			continue
		}
		out = append(out, shapes[id])
	}
	return out
}

// territoryOutline returns the border of the report's own area as edges:
// the union of its neighbourhoods on the map when it is made of them, else
// its own outline.
func (r *report) territoryOutline(focus []mapArea) [][2]geo.Point {
	own, ok := r.vocab.Area(r.data.Area)
	if !ok {
		return nil
	}
	var parts []geo.MultiPolygon
	for _, ar := range focus {
		if ar.id == own.ID || slices.ContainsFunc(r.vocab.Areas, func(x question.Area) bool { return x.ID == ar.id && x.Parent == own.ID }) {
			parts = append(parts, ar.shape)
		}
	}
	if len(parts) == 0 {
		if s, ok := r.outlines[own.Level][own.ID]; ok {
			parts = []geo.MultiPolygon{s}
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return territoryEdges(parts)
}

// mapDot is a facility's point on the map, already moved aside when it
// shares its place with others.
type mapDot struct {
	x, y   float64 // in the projection's units (millimetres)
	i      int     // the service's index: its colour
	inside bool    // in the report's territory
}

// mapDots places the facilities of the target's services in the frame:
// those of the territory counted by service (the legend's figures), points
// at the same place spread around it so that each is seen.
func (r *report) mapDots(m *mapLayout, p projection) ([]mapDot, map[string]int) {
	svcIndex := map[string]int{}
	for i, s := range r.data.Services {
		svcIndex[s.Slug] = i
	}
	var own geo.MultiPolygon
	if a, ok := r.vocab.Area(r.data.Area); ok {
		own = r.outlines[a.Level][a.ID]
	}
	var dots []mapDot
	counts := map[string]int{}
	for _, fc := range r.facilities {
		if fc.Point.Lon < m.sw.Lon || fc.Point.Lon > m.ne.Lon || fc.Point.Lat < m.sw.Lat || fc.Point.Lat > m.ne.Lat {
			continue
		}
		i, ok := svcIndex[fc.Service]
		if !ok {
			continue
		}
		x, y := p.xy(fc.Point)
		inside := own == nil || own.Contains(fc.Point)
		if inside {
			counts[fc.Service]++
		}
		dots = append(dots, mapDot{x, y, i, inside})
	}
	var out []mapDot
	for _, g := range groupDots(len(dots), func(k int) (float64, float64) { return dots[k].x, dots[k].y }) {
		for j, k := range g {
			d := dots[k]
			if len(g) > 1 {
				a := 2 * math.Pi * float64(j) / float64(len(g))
				d.x, d.y = d.x+1.25*math.Cos(a), d.y+1.25*math.Sin(a)
			}
			out = append(out, d)
		}
	}
	return out, counts
}

// serviceLegend is a service's entry in the map's legend: its name and how
// many of its facilities are in the territory.
func (r *report) serviceLegend(s svc, counts map[string]int) string {
	if a, ok := r.vocab.Area(r.data.Area); !ok || r.outlines[a.Level][a.ID] == nil {
		return fmt.Sprintf("%s (%d)", s.Name, counts[s.Slug])
	}
	return fmt.Sprintf(r.lang.Pick("%s (%d nel territorio)", "%s (%d in the territory)"), s.Name, counts[s.Slug])
}

func sumCounts(m map[string]int) int {
	t := 0
	for _, n := range m {
		t += n
	}
	return t
}

// swatch draws a legend entry (a square, or a point) and returns the x after it.
func (r *report) swatch(w *writer, x, y float64, c rgb, label string, dot bool) float64 {
	f := w.pdf
	w.fill(c)
	if dot {
		w.draw(rgb{255, 255, 255})
		f.SetLineWidth(0.15)
		f.Circle(x+1.6, y+1.7, 1.1, "DF")
	} else {
		w.draw(rgb{90, 90, 90})
		f.SetLineWidth(0.15)
		f.Rect(x, y, 3.4, 3.4, "DF")
	}
	w.font("", 7)
	w.color(colText)
	lw := f.GetStringWidth(label)
	f.SetXY(x+4.2, y)
	f.CellFormat(lw+1, 3.4, label, "", 0, "L", false, 0, "")
	return x + 4.2 + lw + 4
}

func (r *report) northArrow(w *writer, x, y float64) {
	f := w.pdf
	w.fill(colText)
	f.Polygon([]fpdf.PointType{{X: x, Y: y}, {X: x - 2, Y: y + 5}, {X: x, Y: y + 4}, {X: x + 2, Y: y + 5}}, "F")
	w.font("B", 7)
	w.color(colText)
	f.SetXY(x-2, y+5.3)
	f.CellFormat(4, 3, "N", "", 0, "C", false, 0, "")
}

// scaleBar draws a bar of a round length near maxW millimetres.
func (r *report) scaleBar(w *writer, p projection, x, y, maxW float64) {
	f := w.pdf
	metres := maxW / p.mmPerMetre()
	nice := math.Pow(10, math.Floor(math.Log10(metres)))
	for _, m := range []float64{5, 2, 1} {
		if m*nice <= metres {
			nice *= m
			break
		}
	}
	bw := nice * p.mmPerMetre()
	f.SetAlpha(0.85, "Normal")
	w.fill(rgb{255, 255, 255})
	f.Rect(x-1.5, y-1.5, bw+14, 6.5, "F")
	f.SetAlpha(1, "Normal")
	w.draw(colText)
	f.SetLineWidth(0.2)
	half := bw / 2
	w.fill(colText)
	f.Rect(x, y, half, 1.4, "DF")
	w.fill(rgb{255, 255, 255})
	f.Rect(x+half, y, half, 1.4, "DF")
	w.font("", 6.5)
	w.color(colText)
	f.SetXY(x-1, y+1.6)
	f.CellFormat(3, 2.8, "0", "", 0, "L", false, 0, "")
	label := question.FormatDistance(nice, r.lang)
	f.SetXY(x+bw-4, y+1.6)
	f.CellFormat(16, 2.8, label, "", 0, "L", false, 0, "")
}

// drawShape fills and outlines an area, holes included: every ring of a
// polygon is one subpath, filled by the even-odd rule, so that an enclave
// drawn before shows through its hole.
func drawShape(f *fpdf.Fpdf, p projection, m geo.MultiPolygon) {
	for _, pg := range m {
		if len(pg) == 0 {
			continue
		}
		for _, ring := range pg {
			pts := ringPoints(p, ring)
			if len(pts) < 3 {
				continue
			}
			f.MoveTo(pts[0].X, pts[0].Y)
			for _, pt := range pts[1:] {
				f.LineTo(pt.X, pt.Y)
			}
			f.ClosePath()
		}
		f.DrawPath("DF*")
	}
}

// territoryEdges returns the outline of a territory drawn from the areas
// it is made of: the edges of their rings that no two of them share. So
// the border drawn is the union of the polygons shown, whatever the
// outline of the territory's own level says.
func territoryEdges(parts []geo.MultiPolygon) [][2]geo.Point {
	type key [4]int64
	round := func(x float64) int64 { return int64(math.Round(x * 1e6)) }
	keyOf := func(a, b geo.Point) key {
		ka := [2]int64{round(a.Lon), round(a.Lat)}
		kb := [2]int64{round(b.Lon), round(b.Lat)}
		if ka[0] > kb[0] || ka[0] == kb[0] && ka[1] > kb[1] {
			ka, kb = kb, ka
		}
		return key{ka[0], ka[1], kb[0], kb[1]}
	}
	count := map[key]int{}
	var order []key
	edges := map[key][2]geo.Point{}
	for _, m := range parts {
		for _, pg := range m {
			for _, ring := range pg {
				for i := range ring {
					a, b := ring[i], ring[(i+1)%len(ring)]
					k := keyOf(a, b)
					if k[0] == k[2] && k[1] == k[3] {
						continue
					}
					if count[k] == 0 {
						order = append(order, k)
						edges[k] = [2]geo.Point{a, b}
					}
					count[k]++
				}
			}
		}
	}
	var out [][2]geo.Point
	for _, k := range order {
		if count[k] == 1 {
			out = append(out, edges[k])
		}
	}
	return out
}

func ringPoints(p projection, ring geo.Ring) []fpdf.PointType {
	pts := make([]fpdf.PointType, len(ring))
	for i, pt := range ring {
		x, y := p.xy(pt)
		pts[i] = fpdf.PointType{X: x, Y: y}
	}
	return pts
}

// quantileBreaks returns the upper bounds of up to n classes of the values,
// without repeats.
func quantileBreaks(values []float64, n int) []float64 {
	if len(values) == 0 {
		return []float64{0}
	}
	v := slices.Clone(values)
	slices.Sort(v)
	var out []float64
	for i := 1; i <= n; i++ {
		idx := int(math.Ceil(float64(i)*float64(len(v))/float64(n))) - 1
		b := v[max(0, min(idx, len(v)-1))]
		if len(out) == 0 || b > out[len(out)-1] {
			out = append(out, b)
		}
	}
	return out
}

// groupDots groups points closer than 1 mm on the page (a facility at the
// same address as another): each group is drawn spread around its place.
// Groups and their members keep the order of the points.
func groupDots(n int, at func(int) (float64, float64)) [][]int {
	var groups [][]int
	for k := 0; k < n; k++ {
		x, y := at(k)
		found := false
		for gi, g := range groups {
			gx, gy := at(g[0])
			if math.Hypot(x-gx, y-gy) < 1.0 {
				groups[gi] = append(g, k)
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, []int{k})
		}
	}
	return groups
}

// mapLabel is a name written on a map at a place.
type mapLabel struct {
	at   geo.Point
	name string
}

// municipiLayer is the light context of a map of neighbourhoods: the
// borders of the municipi, drawn as the union of their neighbourhoods (so
// that they match the areas drawn), and the names of the municipi around
// the territory, each in its largest neighbourhood in the frame that is
// not one of the answer's (where it does not cover the map's numbers).
func (r *report) municipiLayer(spec *MapSpec, m *mapLayout) ([][2]geo.Point, []mapLabel) {
	if mapLevel(spec) != question.LevelNIL {
		return nil, nil
	}
	shapes := r.outlines[question.LevelNIL]
	inFocus := map[string]bool{}
	for _, ar := range m.focus {
		inFocus[ar.id] = true
	}
	inFrame := func(s geo.MultiPolygon) bool {
		sw, ne := s.Bounds()
		return !(ne.Lon < m.sw.Lon || sw.Lon > m.ne.Lon || ne.Lat < m.sw.Lat || sw.Lat > m.ne.Lat)
	}
	// A label's place must leave room for the name inside the frame.
	padLon, padLat := (m.ne.Lon-m.sw.Lon)*0.08, (m.ne.Lat-m.sw.Lat)*0.05
	own, _ := r.vocab.Area(r.data.Area)
	var edges [][2]geo.Point
	var labels []mapLabel
	for _, mu := range r.vocab.Areas {
		if mu.Level != question.LevelMunicipio {
			continue
		}
		var parts []geo.MultiPolygon
		var best geo.MultiPolygon
		bestArea := 0.0
		visible := false
		for _, x := range r.vocab.Areas {
			if x.Level != question.LevelNIL || x.Parent != mu.ID {
				continue
			}
			s, ok := shapes[x.ID]
			if !ok {
				continue
			}
			parts = append(parts, s)
			if !inFrame(s) {
				continue
			}
			visible = true
			if inFocus[x.ID] {
				continue
			}
			pt, ok := s.PointOnSurface()
			if !ok || pt.Lon < m.sw.Lon+padLon || pt.Lon > m.ne.Lon-padLon || pt.Lat < m.sw.Lat+padLat || pt.Lat > m.ne.Lat-padLat {
				continue
			}
			if a := s.AreaM2(); a > bestArea {
				best, bestArea = s, a
			}
		}
		if !visible || len(parts) == 0 {
			continue
		}
		edges = append(edges, territoryEdges(parts)...)
		if best != nil && mu.ID != own.ID {
			pt, _ := best.PointOnSurface()
			labels = append(labels, mapLabel{at: pt, name: reports.CleanName(mu.Name)})
		}
	}
	return edges, labels
}
