package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
)

// barRuns finds the bars of a PNG drawn by Bars: for each band of rows
// holding pixels of a bar colour, the longest run of them and its colour.
type run struct {
	length    int
	highlight bool
}

func same(c color.Color, d color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	return uint8(r>>8) == d.R && uint8(g>>8) == d.G && uint8(b>>8) == d.B
}

func barRuns(t *testing.T, pngBytes []byte) (image.Image, []run) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	bar := color.RGBA(colBar)
	hi := color.RGBA(colHighlight)
	var runs []run
	inBand := false
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		best, bestHi := 0, false
		for x := b.Min.X; x < b.Max.X; {
			isBar, isHi := same(img.At(x, y), bar), same(img.At(x, y), hi)
			if !isBar && !isHi {
				x++
				continue
			}
			n := 0
			for x < b.Max.X && (same(img.At(x, y), bar) || same(img.At(x, y), hi)) {
				n++
				x++
			}
			if n > best {
				best, bestHi = n, isHi
			}
		}
		switch {
		case best > 0 && !inBand:
			runs = append(runs, run{best, bestHi})
			inBand = true
		case best > 0:
			if best > runs[len(runs)-1].length {
				runs[len(runs)-1] = run{best, bestHi}
			}
		default:
			inBand = false
		}
	}
	return img, runs
}

func TestBarsAreProportionalAndHighlighted(t *testing.T) {
	bars := []Bar{
		{Label: "Municipio 4", Value: 1000},
		{Label: "Municipio 9", Value: 500, Highlight: true},
		{Label: "Municipio 1", Value: 250},
		{Label: "Municipio 2", Withheld: true},
	}
	out, err := Bars("Anziani soli", "persone", bars, 800, 260)
	if err != nil {
		t.Fatal(err)
	}
	img, runs := barRuns(t, out)
	if got := img.Bounds().Size(); got != (image.Point{800, 260}) {
		t.Fatalf("size %v, want 800×260", got)
	}
	// Three bars: the withheld cell has none (it is not a zero bar).
	if len(runs) != 3 {
		t.Fatalf("found %d bars, want 3 (withheld drawn without a bar): %+v", len(runs), runs)
	}
	if runs[0].highlight || !runs[1].highlight || runs[2].highlight {
		t.Errorf("only the second bar should be highlighted: %+v", runs)
	}
	for i, want := range []float64{1, 0.5, 0.25} {
		got := float64(runs[i].length) / float64(runs[0].length)
		if math.Abs(got-want) > 0.02 {
			t.Errorf("bar %d is %.3f of the longest, want %.2f", i, got, want)
		}
	}
}

func TestBarsRefuseWhatCannotBeRead(t *testing.T) {
	if _, err := Bars("x", "", nil, 800, 200); err == nil {
		t.Error("no bars: want an error")
	}
	many := make([]Bar, MaxBars+1)
	if _, err := Bars("x", "", many, 800, 2000); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("too many bars: %v", err)
	}
	if _, err := Bars("x", "", []Bar{{Label: "a", Value: 1}}, 100, 200); err == nil {
		t.Error("100 pixels wide: want an error")
	}
	if _, err := Bars("x", "", make([]Bar, 30), 800, 100); err == nil {
		t.Error("30 bars in 100 pixels: want an error")
	}
}

func TestTrend(t *testing.T) {
	pts := []Point{{2019, 1200}, {2020, 1250}, {2021, 1310}, {2022, 1290}}
	out, err := Trend("Bambini 0-2 anni", "persone", pts, 800, 400, Note("Fonte: anagrafe"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != (image.Point{800, 400}) {
		t.Fatalf("size %v", got)
	}
	// The line is drawn in the heading colour.
	line := 0
	for y := 0; y < 400; y++ {
		for x := 0; x < 800; x++ {
			if same(img.At(x, y), color.RGBA(colHeading)) {
				line++
			}
		}
	}
	if line < 200 {
		t.Errorf("only %d pixels of the line's colour: nothing drawn?", line)
	}
	if _, err := Trend("x", "", pts[:2], 800, 400); err == nil || !strings.Contains(err.Error(), "at least 3") {
		t.Errorf("two years: %v", err)
	}
	if _, err := Trend("x", "", []Point{{2020, 1}, {2019, 2}, {2021, 3}}, 800, 400); err == nil {
		t.Error("years out of order: want an error")
	}
}

// count is a published count as the engine's cells carry it; the chart
// only reads cells, so a plain int stands for one here.
func count(n int64) answer.Value { return answer.Int(n) }

func TestFromResultRanksThePublishedShares(t *testing.T) {
	r := &answer.Result{
		Lang: question.Italian,
		Columns: []answer.Column{
			{Name: "area", Label: "Zona", Type: answer.TypeString},
			{Name: "unserved", Label: "Non serviti", Type: answer.TypeInt},
			{Name: "share", Label: "Quota non servita", Type: answer.TypePercent},
		},
		Rows: [][]answer.Value{
			{answer.Str("Gratosoglio"), count(120), answer.Float(0.10)},
			{answer.Str("Brera"), answer.Suppressed(), answer.Suppressed()},
			{answer.Str("Quarto Oggiaro"), count(400), answer.Float(0.40)},
			{answer.Str("Baggio"), count(200), answer.Float(0.20)},
		},
	}
	out, ok, err := FromResult(r, question.Italian)
	if err != nil || !ok {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	_, runs := barRuns(t, out)
	if len(runs) != 3 {
		t.Fatalf("%d bars, want 3 (one withheld)", len(runs))
	}
	// Ranked by the share, largest first: 0.40, 0.20, 0.10.
	for i, want := range []float64{1, 0.5, 0.25} {
		got := float64(runs[i].length) / float64(runs[0].length)
		if math.Abs(got-want) > 0.02 {
			t.Errorf("bar %d is %.3f of the longest, want %.2f (not ranked by share?)", i, got, want)
		}
	}

	// One row, or coordinates: no picture.
	one := *r
	one.Rows = r.Rows[:1]
	if _, ok, _ := FromResult(&one, question.Italian); ok {
		t.Error("a single row drew a chart")
	}
	coords := *r
	coords.Columns = append(slicesClone(r.Columns), answer.Column{Name: "lat", Type: answer.TypeCoord})
	if _, ok, _ := FromResult(&coords, question.Italian); ok {
		t.Error("a list of places with coordinates drew a chart")
	}
}

func TestFromResultTrendNeedsThreeYearsAndNoHole(t *testing.T) {
	r := &answer.Result{
		Columns: []answer.Column{
			{Name: "year", Label: "Anno", Type: answer.TypeYear},
			{Name: "people", Label: "Persone", Type: answer.TypeInt},
		},
		Rows: [][]answer.Value{
			{answer.Int(2022), count(900)}, {answer.Int(2020), count(1000)}, {answer.Int(2021), count(950)},
		},
	}
	if _, ok, err := FromResult(r, question.English); !ok || err != nil {
		t.Fatalf("three years: ok=%v err=%v", ok, err)
	}
	r.Rows[1][1] = answer.Suppressed()
	if _, ok, _ := FromResult(r, question.English); ok {
		t.Error("a withheld year was jumped over by the line")
	}
}

func slicesClone(c []answer.Column) []answer.Column { return append([]answer.Column(nil), c...) }

func TestFromResultReadsNamesAfterARank(t *testing.T) {
	r := &answer.Result{
		Columns: []answer.Column{
			{Name: "rank", Label: "#", Type: answer.TypeInt},
			{Name: "area", Label: "Zona", Type: answer.TypeString},
			{Name: "people", Label: "Persone", Type: answer.TypeInt},
		},
		Rows: [][]answer.Value{
			{answer.Int(1), answer.Str("Baggio"), count(300)},
			{answer.Int(2), answer.Str("Brera"), count(150)},
		},
	}
	if !Drawable(r) {
		t.Fatal("a ranking with a rank column is not drawable")
	}
	out, ok, err := FromResult(r, question.Italian)
	if !ok || err != nil {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	// The bars are the people (300, 150), not the ranks (1, 2).
	_, runs := barRuns(t, out)
	if len(runs) != 2 || math.Abs(float64(runs[1].length)/float64(runs[0].length)-0.5) > 0.02 {
		t.Errorf("bars %+v: want people drawn, the second half the first", runs)
	}
}
