// Package chart draws an answer's figures as PNG images, for the places
// that take pictures and not vectors: chat replies, DOCX and Markdown
// dossiers. PDFs keep their own vector charts (reports/pdf).
//
// Drawing goes through github.com/wcharczuk/go-chart/v2: its raster
// renderer for ranked horizontal bars (area names are long, and bars read
// on a phone only when they run across), its time-series chart for trends.
// Text uses the Go fonts, the same as the PDFs.
//
// The package draws what it is given: every value must already be a
// published figure (a count that passed disclosure, a share computed from
// published counts). A withheld cell is drawn as a label without a bar,
// never as zero.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sync"
	"unicode/utf8"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/welfare-intelligence/wi/question"
)

// Bar is one bar of a ranked chart.
type Bar struct {
	Label     string
	Value     float64
	Highlight bool // the territory the document is about
	Withheld  bool // a confidential cell: a label without a bar
	// Text is the figure written beside the bar, already formatted in the
	// document's language; empty: the value with the chart's formatting.
	Text string
}

// Point is one year of a trend.
type Point struct {
	Year  int
	Value float64
}

// Option changes how a chart is drawn.
type Option func(*options)

type options struct {
	lang    question.Lang
	percent bool // values are shares in [0, 1], written as percentages
	decimal int  // decimals of values written by the chart
	note    string
}

// Lang writes numbers and words in the language (Italian by default).
func Lang(l question.Lang) Option { return func(o *options) { o.lang = l } }

// Percent says values are shares in [0, 1], written as percentages.
func Percent() Option { return func(o *options) { o.percent = true } }

// Decimals writes values with up to n decimals (0 by default).
func Decimals(n int) Option { return func(o *options) { o.decimal = n } }

// Note writes a line under the chart (a source, a caveat).
func Note(s string) Option { return func(o *options) { o.note = s } }

var (
	colText      = drawing.Color{R: 34, G: 34, B: 34, A: 255}
	colHeading   = drawing.Color{R: 22, G: 59, B: 93, A: 255}
	colMuted     = drawing.Color{R: 105, G: 105, B: 105, A: 255}
	colBar       = drawing.Color{R: 120, G: 152, B: 186, A: 255}
	colHighlight = drawing.Color{R: 217, G: 95, B: 2, A: 255}
	colRule      = drawing.Color{R: 210, G: 210, B: 210, A: 255}
	colWhite     = drawing.Color{R: 255, G: 255, B: 255, A: 255}
)

var fonts struct {
	once          sync.Once
	regular, bold *truetype.Font
	err           error
}

func loadFonts() (regular, bold *truetype.Font, err error) {
	fonts.once.Do(func() {
		fonts.regular, fonts.err = truetype.Parse(goregular.TTF)
		if fonts.err == nil {
			fonts.bold, fonts.err = truetype.Parse(gobold.TTF)
		}
	})
	return fonts.regular, fonts.bold, fonts.err
}

func collect(opts []Option) options {
	o := options{lang: question.Italian}
	for _, f := range opts {
		f(&o)
	}
	return o
}

func (o options) format(v float64) string {
	if o.percent {
		return question.FormatPercent(v, o.lang)
	}
	if o.decimal == 0 {
		return question.FormatInt(int64(math.Round(v)), o.lang)
	}
	return question.Trimmed(v, o.decimal, o.lang)
}

// Limits of what a chart can hold and still be read.
const (
	MaxBars  = 30
	minWidth = 240
)

// Bars draws a ranked horizontal bar chart, in the order given, w×h pixels.
// unit is written after the title (e.g. "persone", "%"); it may be empty.
func Bars(title, unit string, bars []Bar, w, h int, opts ...Option) ([]byte, error) {
	if len(bars) == 0 {
		return nil, errors.New("chart: no bars to draw")
	}
	if len(bars) > MaxBars {
		return nil, fmt.Errorf("chart: %d bars, at most %d can be read", len(bars), MaxBars)
	}
	if w < minWidth || h < 60 {
		return nil, fmt.Errorf("chart: %d×%d pixels is too small", w, h)
	}
	o := collect(opts)
	regular, bold, err := loadFonts()
	if err != nil {
		return nil, err
	}
	r, err := gochart.PNG(w, h)
	if err != nil {
		return nil, err
	}
	scale := float64(w) / 800
	pad := int(16 * scale)
	r.SetDPI(96)

	// Background.
	fill(r, 0, 0, w, h, colWhite)

	y := pad
	if title != "" {
		heading := title
		if unit != "" {
			heading += " (" + unit + ")"
		}
		r.SetFont(bold)
		r.SetFontSize(13 * scale)
		r.SetFontColor(colHeading)
		heading = fit(r, heading, w-2*pad)
		tb := r.MeasureText(heading)
		y += tb.Height()
		r.Text(heading, pad, y)
		y += int(10 * scale)
	}
	bottom := h - pad
	if o.note != "" {
		r.SetFont(regular)
		r.SetFontSize(9 * scale)
		r.SetFontColor(colMuted)
		note := fit(r, o.note, w-2*pad)
		r.Text(note, pad, bottom)
		bottom -= r.MeasureText(note).Height() + int(8*scale)
	}

	// Row height from the room left; labels no wider than 40% of the chart.
	rowH := float64(bottom-y) / float64(len(bars))
	fontSize := math.Min(11*scale, rowH*0.55*72/96)
	if fontSize < 6 {
		return nil, fmt.Errorf("chart: %d bars do not fit in %d pixels of height", len(bars), h)
	}
	r.SetFont(regular)
	r.SetFontSize(fontSize)
	labels := make([]string, len(bars))
	texts := make([]string, len(bars))
	labelW, textW := 0, 0
	maxLabel := int(float64(w) * 0.4)
	top := 0.0
	for i, b := range bars {
		labels[i] = fit(r, b.Label, maxLabel)
		labelW = max(labelW, r.MeasureText(labels[i]).Width())
		switch {
		case b.Withheld:
			texts[i] = o.lang.Pick("riservato", "withheld")
		case b.Text != "":
			texts[i] = b.Text
		default:
			texts[i] = o.format(b.Value)
		}
		textW = max(textW, r.MeasureText(texts[i]).Width())
		if !b.Withheld && !math.IsNaN(b.Value) && !math.IsInf(b.Value, 0) {
			top = math.Max(top, b.Value)
		}
	}
	x0 := pad + labelW + int(8*scale)
	barMax := w - pad - textW - int(6*scale) - x0
	if barMax < int(40*scale) {
		return nil, fmt.Errorf("chart: %d pixels of width leave no room for the bars", w)
	}
	// The axis line at zero.
	stroke(r, x0, y, x0, bottom, colRule, 1)
	for i, b := range bars {
		top0 := float64(y) + rowH*float64(i)
		mid := int(top0 + rowH/2)
		r.SetFont(regular)
		if b.Highlight {
			r.SetFont(bold)
		}
		r.SetFontSize(fontSize)
		r.SetFontColor(colText)
		th := r.MeasureText("0").Height()
		lw := r.MeasureText(labels[i]).Width()
		r.Text(labels[i], x0-int(8*scale)-lw, mid+th/2)
		end := x0
		if !b.Withheld && top > 0 && b.Value > 0 {
			bw := int(math.Round(b.Value / top * float64(barMax)))
			c := colBar
			if b.Highlight {
				c = colHighlight
			}
			bh := int(rowH * 0.7)
			fill(r, x0, int(top0+(rowH-float64(bh))/2), x0+max(bw, 1), int(top0+(rowH+float64(bh))/2), c)
			end = x0 + max(bw, 1)
		}
		r.SetFont(regular)
		r.SetFontSize(fontSize)
		r.SetFontColor(colText)
		if b.Withheld {
			r.SetFontColor(colMuted)
		}
		r.Text(texts[i], end+int(6*scale), mid+th/2)
	}
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Trend draws a series of years as a line with its points, w×h pixels. It
// wants at least three years: fewer are no trend (draw a comparison).
func Trend(title, unit string, pts []Point, w, h int, opts ...Option) ([]byte, error) {
	if len(pts) < 3 {
		return nil, fmt.Errorf("chart: %d years are no trend, at least 3 are needed", len(pts))
	}
	if w < minWidth || h < 120 {
		return nil, fmt.Errorf("chart: %d×%d pixels is too small", w, h)
	}
	o := collect(opts)
	regular, bold, err := loadFonts()
	if err != nil {
		return nil, err
	}
	xs := make([]float64, len(pts))
	ys := make([]float64, len(pts))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range pts {
		if i > 0 && p.Year <= pts[i-1].Year {
			return nil, fmt.Errorf("chart: years out of order (%d after %d)", p.Year, pts[i-1].Year)
		}
		xs[i], ys[i] = float64(p.Year), p.Value
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	// The scale starts at zero: a trend of counts drawn from its minimum
	// makes a 2% change look like a doubling.
	lo = math.Min(0, lo)
	if hi <= lo {
		hi = lo + 1
	}
	scale := float64(w) / 800
	heading := title
	if unit != "" {
		heading += " (" + unit + ")"
	}
	years := make([]gochart.Tick, 0, len(pts))
	step := max(1, (len(pts)+7)/8)
	for i, p := range pts {
		if i%step == 0 || i == len(pts)-1 {
			years = append(years, gochart.Tick{Value: float64(p.Year), Label: fmt.Sprint(p.Year)})
		}
	}
	ticks := niceTicks(lo, hi, o)
	textStyle := gochart.Style{FontSize: 10 * scale, FontColor: colText, Font: regular}
	c := gochart.Chart{
		Title:      heading,
		TitleStyle: gochart.Style{FontSize: 13 * scale, FontColor: colHeading, Font: bold},
		Width:      w,
		Height:     h,
		DPI:        96,
		Font:       regular,
		Background: gochart.Style{Padding: gochart.Box{Top: int(48 * scale), Left: int(16 * scale), Right: int(24 * scale), Bottom: int(16 * scale)}},
		XAxis: gochart.XAxis{
			Style: textStyle,
			Ticks: years,
		},
		// The secondary axis is go-chart's left one, where readers look;
		// the primary (right) one is hidden. It carries the same ticks:
		// go-chart 2.1.2 reads the secondary axis's range from them.
		YAxis: gochart.YAxis{
			Style: gochart.Hidden(),
			Range: &gochart.ContinuousRange{Min: lo, Max: ticks[len(ticks)-1].Value},
			Ticks: ticks,
		},
		YAxisSecondary: gochart.YAxis{
			Style:          textStyle,
			Range:          &gochart.ContinuousRange{Min: lo, Max: ticks[len(ticks)-1].Value},
			Ticks:          ticks,
			GridMajorStyle: gochart.Style{StrokeColor: colRule, StrokeWidth: 1},
		},
		Series: []gochart.Series{gochart.ContinuousSeries{
			YAxis: gochart.YAxisSecondary,
			Style: gochart.Style{
				StrokeColor: colHeading, StrokeWidth: 2.5 * scale,
				DotColor: colHeading, DotWidth: 3.5 * scale,
			},
			XValues: xs,
			YValues: ys,
		}},
	}
	if o.note != "" {
		c.Elements = []gochart.Renderable{footnote(o.note, regular, scale)}
		c.Background.Padding.Bottom = int(44 * scale)
	}
	var buf bytes.Buffer
	if err := c.Render(gochart.PNG, &buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}

// footnote writes a line at the chart's foot.
func footnote(s string, f *truetype.Font, scale float64) gochart.Renderable {
	return func(r gochart.Renderer, canvas gochart.Box, defaults gochart.Style) {
		r.SetFont(f)
		r.SetFontSize(9 * scale)
		r.SetFontColor(colMuted)
		s := fit(r, s, canvas.Width())
		r.Text(s, int(16*scale), canvas.Bottom+int(44*scale))
	}
}

// fit shortens s with an ellipsis until it is at most width pixels wide.
func fit(r gochart.Renderer, s string, width int) string {
	if r.MeasureText(s).Width() <= width {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := string(rs[:n]) + "…"
		if r.MeasureText(t).Width() <= width {
			return t
		}
	}
	if utf8.RuneCountInString(s) > 0 {
		return "…"
	}
	return s
}

func fill(r gochart.Renderer, x0, y0, x1, y1 int, c drawing.Color) {
	r.ResetStyle()
	r.SetFillColor(c)
	r.SetStrokeColor(c)
	r.SetStrokeWidth(0)
	r.MoveTo(x0, y0)
	r.LineTo(x1, y0)
	r.LineTo(x1, y1)
	r.LineTo(x0, y1)
	r.Close()
	r.Fill()
}

func stroke(r gochart.Renderer, x0, y0, x1, y1 int, c drawing.Color, width float64) {
	r.ResetStyle()
	r.SetStrokeColor(c)
	r.SetStrokeWidth(width)
	r.MoveTo(x0, y0)
	r.LineTo(x1, y1)
	r.Stroke()
}

// niceTicks divides [lo, hi] into about five steps of 1, 2, 2.5 or 5 times
// a power of ten, the last tick at or above hi.
func niceTicks(lo, hi float64, o options) []gochart.Tick {
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start := math.Floor(lo/step) * step
	var ticks []gochart.Tick
	for v := start; ; v += step {
		ticks = append(ticks, gochart.Tick{Value: v, Label: o.format(v)})
		if v >= hi || len(ticks) > 12 {
			break
		}
	}
	return ticks
}
