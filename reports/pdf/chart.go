package pdf

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports/chart"
)

// point is a category and its value in a chart.
type point struct {
	label      string
	value      float64
	suppressed bool
}

// niceStep returns a round step (1, 2 or 5 times a power of ten) that cuts
// [0, max] into about n intervals.
func niceStep(maxV float64, n int) float64 {
	if maxV <= 0 {
		return 1
	}
	raw := maxV / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// axisTicks returns the ticks of a value axis that starts at zero.
func axisTicks(maxV float64, n int) []float64 {
	step := niceStep(maxV, n)
	top := math.Ceil(maxV/step-1e-9) * step
	if top <= 0 {
		top = step
	}
	var out []float64
	for v := 0.0; v <= top+step/2; v += step {
		out = append(out, v)
	}
	return out
}

// tickLabel writes an axis value as the column's type asks.
func tickLabel(v float64, c answers.Column, l question.Lang) string {
	switch c.Type {
	case answers.TypePercent:
		return trimZeros(question.FormatFloat(100*v, 1, l), l) + "%"
	case answers.TypeInt, answers.TypeYear:
		return question.FormatInt(int64(math.Round(v)), l)
	}
	return trimZeros(question.FormatFloat(v, 2, l), l)
}

func trimZeros(s string, l question.Lang) string {
	dec := l.Pick(",", ".")
	if strings.Contains(s, dec) {
		s = strings.TrimRight(strings.TrimRight(s, "0"), dec)
	}
	return s
}

func (r *report) chartPoints(spec *ChartSpec, a *answer) ([]point, answers.Column, bool) {
	res := a.res
	li, vi := columnIndex(res, spec.Label), columnIndex(res, spec.Value)
	if li < 0 || vi < 0 {
		return nil, answers.Column{}, false
	}
	top := spec.Top
	if top <= 0 {
		top = 20
	}
	var pts []point
	for _, row := range res.Rows {
		if li >= len(row) || vi >= len(row) {
			continue
		}
		p := point{label: cellText(row[li], res.Columns[li], r.lang)}
		if row[vi].IsSuppressed() {
			p.suppressed = true
		} else if v, ok := toFloat(row[vi].Raw()); ok {
			p.value = v
		} else {
			continue
		}
		pts = append(pts, p)
	}
	if spec.Kind == "bar" {
		// Longest bar first; withheld values last.
		slices.SortStableFunc(pts, func(a, b point) int {
			switch {
			case a.suppressed != b.suppressed:
				if a.suppressed {
					return 1
				}
				return -1
			case a.value > b.value:
				return -1
			case a.value < b.value:
				return 1
			}
			return 0
		})
	}
	if len(pts) > top {
		pts = pts[:top]
	}
	return pts, res.Columns[vi], true
}

// drawChart draws a bar or line chart of an answer; its value axis starts
// at zero.
func (r *report) drawChart(w *writer, spec *ChartSpec, a *answer, title, highlight string) {
	l := r.lang
	pts, col, ok := r.chartPoints(spec, a)
	if title == "" {
		title = columnLabel(col)
	}
	if !ok || len(pts) == 0 {
		w.note(l.Pick("Grafico non disponibile: la risposta non ha le colonne o le righe richieste. ", "Chart not available: the answer lacks the columns or rows it needs. ") + a.ref(l) + ": " + a.canonical)
		return
	}
	if spec.Kind == "line" && published(pts) < 3 {
		// A trend needs at least three points: one or two years are said
		// in a sentence, not drawn as a near-empty chart.
		r.fewPoints(w, title, pts, col, a)
		return
	}
	maxV := 0.0
	for _, p := range pts {
		maxV = math.Max(maxV, p.value)
	}
	ticks := axisTicks(maxV, 4)
	top := ticks[len(ticks)-1]
	// The editable documents have the chart as a picture.
	pic, err := r.chartPNG(spec, pts, col, highlight)
	r.figure(w, title, a, pic, err, figureW)
	if spec.Kind == "line" {
		r.lineChart(w, title, pts, col, ticks, top)
	} else {
		r.barChart(w, title, pts, col, ticks, top, highlight)
	}
	w.note(a.ref(l) + ": " + a.canonical)
}

// figureW is the width of a chart or map in the editable documents, in
// millimetres: the width of the text.
const figureW = contentW

// chartPNG draws a chart as a picture (reports/chart, go-chart) for the
// editable documents: the same points, the territory highlighted, no
// title (the caption has it).
func (r *report) chartPNG(spec *ChartSpec, pts []point, col answers.Column, highlight string) ([]byte, error) {
	opts := []chart.Option{chart.Lang(r.lang)}
	switch col.Type {
	case answers.TypePercent:
		opts = append(opts, chart.Percent())
	case answers.TypeInt, answers.TypeYear:
	default:
		opts = append(opts, chart.Decimals(2))
	}
	const wpx = int(figureW * pxPerMM)
	if spec.Kind == "line" {
		var series []chart.Point
		for _, p := range pts {
			if p.suppressed {
				continue
			}
			y, err := strconv.Atoi(strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, p.label))
			if err != nil {
				return nil, fmt.Errorf("chart: year %q: %w", p.label, err)
			}
			series = append(series, chart.Point{Year: y, Value: p.value})
		}
		return chart.Trend("", "", series, wpx, wpx*2/5, opts...)
	}
	bars := make([]chart.Bar, len(pts))
	for i, p := range pts {
		bars[i] = chart.Bar{Label: p.label, Value: p.value, Withheld: p.suppressed,
			Highlight: highlight != "" && p.label == highlight}
		if !p.suppressed {
			bars[i].Text = tickLabelExact(p.value, col, r.lang)
		}
	}
	return chart.Bars("", "", bars, wpx, 40+len(bars)*38, opts...)
}

// figure writes a figure in the editable documents: its caption, numbered
// and citing its question, and its picture; a picture that could not be
// drawn is said so.
func (r *report) figure(w *writer, title string, a *answer, pic []byte, err error, widthMM float64) {
	l := r.lang
	w.figures++
	caption := fmt.Sprintf(l.Pick("Figura %d — %s [%s]", "Figure %d — %s [%s]"), w.figures, title, a.ref(l))
	w.doc.Paragraph("Caption", caption)
	if err == nil {
		err = w.doc.Image(pic, widthMM, figureAlt(title, a.ref(l), l))
	}
	if err != nil {
		w.doc.Paragraph("", l.Pick("[La figura è nella versione PDF del documento.]", "[The figure is in the PDF version of the document.]"))
	}
}

func (r *report) chartTitle(w *writer, title string, h float64) {
	w.need(h + 10)
	w.font("B", 9)
	w.color(colHeading)
	w.pdf.MultiCell(contentW, 4.5, title, "", "L", false)
	w.color(colText)
	w.pdf.Ln(1)
}

// barChart draws horizontal bars, one per row, labels on the left.
func (r *report) barChart(w *writer, title string, pts []point, col answers.Column, ticks []float64, top float64, highlight string) {
	f := w.pdf
	l := r.lang
	rowH := 5.0
	if w.factsheet {
		rowH = 4.4
	}
	h := float64(len(pts))*rowH + 8
	r.chartTitle(w, title, h)
	w.font("", 7.5)
	labelW := 0.0
	for _, p := range pts {
		if highlight != "" && p.label == highlight {
			w.font("B", 7.5)
		}
		labelW = math.Max(labelW, f.GetStringWidth(p.label)+2)
		w.font("", 7.5)
	}
	labelW = math.Min(labelW, 55)
	x0 := marginL + labelW
	plotW := contentW - labelW - 16
	y0 := f.GetY()
	// Grid and axis labels.
	w.draw(colRule)
	f.SetLineWidth(0.15)
	for _, t := range ticks {
		x := x0 + plotW*t/top
		f.Line(x, y0, x, y0+float64(len(pts))*rowH)
		w.font("", 6.5)
		w.color(colMuted)
		s := tickLabel(t, col, l)
		sw := f.GetStringWidth(s)
		f.SetXY(x-sw/2-0.5, y0+float64(len(pts))*rowH+0.8)
		f.CellFormat(sw+1, 3, s, "", 0, "C", false, 0, "")
	}
	w.draw(colText)
	f.SetLineWidth(0.3)
	f.Line(x0, y0, x0, y0+float64(len(pts))*rowH)
	for i, p := range pts {
		y := y0 + float64(i)*rowH
		w.font("", 7.5)
		if highlight != "" && p.label == highlight {
			w.font("B", 7.5)
		}
		w.color(colText)
		f.SetXY(marginL, y)
		f.CellFormat(labelW-1.5, rowH, fit(f, p.label, labelW-2), "", 0, "R", false, 0, "")
		if p.suppressed {
			w.color(colMuted)
			f.SetXY(x0+1, y)
			f.CellFormat(20, rowH, answers.Confidential, "", 0, "L", false, 0, "")
			w.logf("bar", "%s = %s", p.label, answers.Confidential)
			continue
		}
		bw := plotW * p.value / top
		w.fill(colAccent)
		if highlight != "" && p.label == highlight {
			w.fill(colHighlight)
		}
		f.Rect(x0, y+rowH*0.18, bw, rowH*0.64, "F")
		v := tickLabelExact(p.value, col, l)
		w.font("", 7)
		f.SetXY(x0+bw+0.8, y)
		f.CellFormat(16, rowH, v, "", 0, "L", false, 0, "")
		w.logf("bar", "%s = %s", p.label, v)
	}
	w.color(colText)
	f.SetXY(marginL, y0+float64(len(pts))*rowH+5)
}

// tickLabelExact writes a plotted value as tables do.
func tickLabelExact(v float64, c answers.Column, l question.Lang) string {
	switch c.Type {
	case answers.TypePercent:
		return question.FormatPercent(v, l)
	case answers.TypeInt:
		return question.FormatInt(int64(math.Round(v)), l)
	}
	return trimZeros(question.FormatFloat(v, 2, l), l)
}

// lineChart draws the rows in order (years, say) as a line with points.
func (r *report) lineChart(w *writer, title string, pts []point, col answers.Column, ticks []float64, top float64) {
	f := w.pdf
	l := r.lang
	h := 52.0
	if w.factsheet {
		h = 62
	}
	r.chartTitle(w, title, h)
	y0 := f.GetY() + 4
	x0 := marginL + 16
	plotW := contentW - 22
	plotH := h - 10
	w.draw(colRule)
	f.SetLineWidth(0.15)
	for _, t := range ticks {
		y := y0 + plotH - plotH*t/top
		f.Line(x0, y, x0+plotW, y)
		w.font("", 6.5)
		w.color(colMuted)
		s := tickLabel(t, col, l)
		f.SetXY(marginL, y-1.5)
		f.CellFormat(14.5, 3, s, "", 0, "R", false, 0, "")
	}
	w.draw(colText)
	f.SetLineWidth(0.3)
	f.Line(x0, y0+plotH, x0+plotW, y0+plotH)
	f.Line(x0, y0, x0, y0+plotH)
	step := plotW / float64(len(pts))
	xs := make([]float64, len(pts))
	ys := make([]float64, len(pts))
	for i, p := range pts {
		xs[i] = x0 + step*(float64(i)+0.5)
		ys[i] = y0 + plotH - plotH*p.value/top
	}
	w.draw(colAccent)
	f.SetLineWidth(0.7)
	for i := 1; i < len(pts); i++ {
		if !pts[i].suppressed && !pts[i-1].suppressed {
			f.Line(xs[i-1], ys[i-1], xs[i], ys[i])
		}
	}
	for i, p := range pts {
		w.font("", 7)
		w.color(colText)
		lw := f.GetStringWidth(p.label)
		f.SetXY(xs[i]-lw/2-1, y0+plotH+1)
		f.CellFormat(lw+2, 3.5, p.label, "", 0, "C", false, 0, "")
		v := answers.Confidential
		if !p.suppressed {
			w.fill(colAccent)
			f.Circle(xs[i], ys[i], 0.9, "F")
			v = tickLabelExact(p.value, col, l)
		}
		w.font("B", 7)
		vw := f.GetStringWidth(v)
		f.SetXY(xs[i]-vw/2-1, ys[i]-5)
		f.CellFormat(vw+2, 3.5, v, "", 0, "C", false, 0, "")
		w.logf("point", "%s = %s", p.label, v)
	}
	w.color(colText)
	f.SetXY(marginL, y0+h-4)
}

// published counts the points with a value (not withheld).
func published(pts []point) int {
	n := 0
	for _, p := range pts {
		if !p.suppressed {
			n++
		}
	}
	return n
}

// fewPoints says in a sentence what a line chart of fewer than three points
// would show: "Andamento: il catalogo ha un solo anno di dati (2011:
// 40.261); un andamento nel tempo non si può mostrare."
func (r *report) fewPoints(w *writer, title string, pts []point, col answers.Column, a *answer) {
	l := r.lang
	var vals []string
	for _, p := range pts {
		v := answers.Confidential
		if !p.suppressed {
			v = tickLabelExact(p.value, col, l)
		}
		vals = append(vals, p.label+": "+v)
	}
	var s string
	switch len(pts) {
	case 1:
		s = fmt.Sprintf(l.Pick("%s: il catalogo ha un solo anno di dati (%s); un andamento nel tempo non si può mostrare.",
			"%s: the catalog has one year of data (%s); a trend over time cannot be shown."), title, vals[0])
	default:
		s = fmt.Sprintf(l.Pick("%s: il catalogo ha %d anni di dati (%s), troppo pochi per un andamento; un grafico ne richiede almeno tre.",
			"%s: the catalog has %d years of data (%s), too few for a trend; a chart needs at least three."), title, len(pts), strings.Join(vals, "; "))
	}
	w.paragraph(s + " [" + a.ref(l) + "]")
}
