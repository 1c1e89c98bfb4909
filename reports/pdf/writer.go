package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
	"github.com/welfare-intelligence/wi/reports/pdf/docx"
)

// Page geometry, in millimetres (A4 portrait).
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 20.0
	marginR      = 20.0
	marginTop    = 20.0
	marginBottom = 18.0
	contentW     = pageW - marginL - marginR
	font         = "go"
	monoFont     = "gomono"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	colText    = rgb{34, 34, 34}
	colHeading = rgb{22, 59, 93}
	colMuted   = rgb{105, 105, 105}
	colRule    = rgb{190, 196, 204}
	colZebra   = rgb{242, 245, 248}
	colAccent  = rgb{22, 59, 93}
	colStamp   = rgb{178, 34, 34}
	colBox     = rgb{232, 239, 246}
	// The territory among the others in a comparison chart.
	colHighlight = rgb{217, 95, 2}
	// Writer boxes: places the applicant fills in.
	colWriter     = rgb{255, 250, 235}
	colWriterLine = rgb{176, 120, 0}
)

// writer draws a report with fpdf and keeps a log of the text it lays out,
// page by page (the golden tests compare it).
type writer struct {
	pdf       *fpdf.Fpdf
	r         *report
	log       strings.Builder
	factsheet bool
	running   string    // running title of the pages after the first
	fills     []float64 // share of each finished page's body written, by page
	doc       *outs     // the same report as editable documents (Word, Markdown)
	figures   int       // figures numbered so far
	prose     int       // characters of generated text written in the section
}

func newWriter(r *report, title string, factsheet bool) *writer {
	f := fpdf.New("P", "mm", "A4", "")
	// The files carry the document's day, not its second: the same catalog
	// and date give the same bytes, whenever in the day they are made.
	day := time.Date(r.now.Year(), r.now.Month(), r.now.Day(), 0, 0, 0, 0, time.UTC)
	w := &writer{pdf: f, r: r, factsheet: factsheet, running: title,
		doc: &outs{docx: docx.New(title, map[bool]string{true: "en-GB", false: "it-IT"}[r.lang == "en"], day), md: &markdown{}}}
	f.SetCreationDate(day)
	f.SetModificationDate(day)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetLang(map[bool]string{true: "en-GB", false: "it-IT"}[r.lang == "en"])
	f.SetTitle(title, true)
	f.SetAuthor("wi — Welfare Intelligence", true)
	f.SetCreator("wi (reports/pdf)", true)
	f.SetProducer("wi", true)
	subject := r.lang.Pick("Analisi del contesto e dei bisogni", "Context and needs analysis")
	if factsheet {
		subject = r.lang.Pick("Scheda stampa", "Press fact sheet")
	}
	if r.info.Synthetic {
		subject += r.lang.Pick(" — dati sintetici", " — synthetic data")
	}
	f.SetSubject(subject, true)
	f.SetKeywords(strings.Join([]string{r.data.Target, r.data.Area, r.info.Name}, ", "), true)
	f.AddUTF8FontFromBytes(font, "", goregular.TTF)
	f.AddUTF8FontFromBytes(font, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(font, "I", goitalic.TTF)
	f.AddUTF8FontFromBytes(monoFont, "", gomono.TTF)
	f.SetMargins(marginL, marginTop, marginR)
	f.SetAutoPageBreak(true, marginBottom)
	f.AliasNbPages("{nb}")
	f.SetHeaderFunc(w.header)
	f.SetFooterFunc(w.footer)
	return w
}

func (w *writer) output() ([]byte, error) {
	var b bytes.Buffer
	if err := w.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return b.Bytes(), nil
}

func (w *writer) color(c rgb) { w.pdf.SetTextColor(c.r, c.g, c.b) }
func (w *writer) fill(c rgb)  { w.pdf.SetFillColor(c.r, c.g, c.b) }
func (w *writer) draw(c rgb)  { w.pdf.SetDrawColor(c.r, c.g, c.b) }
func (w *writer) font(style string, size float64) {
	w.pdf.SetFont(font, style, size)
}

// logf records laid-out text for the golden tests.
func (w *writer) logf(kind, format string, args ...any) {
	fmt.Fprintf(&w.log, "p%d %s: %s\n", w.pdf.PageNo(), kind, fmt.Sprintf(format, args...))
}

// header draws the synthetic-data band on every page and the running title
// after the first page.
func (w *writer) header() {
	f := w.pdf
	l := w.r.lang
	if w.r.info.Synthetic {
		w.fill(colStamp)
		f.Rect(0, 0, pageW, 7, "F")
		w.font("B", 8)
		f.SetTextColor(255, 255, 255)
		f.SetXY(0, 1)
		f.CellFormat(pageW, 5, l.Pick("DATI SINTETICI — città demo di wi: i dati non descrivono persone reali",
			"SYNTHETIC DATA — wi's demo city: the data do not describe real people"), "", 0, "C", false, 0, "")
	}
	if f.PageNo() > 1 && !w.factsheet {
		w.font("", 7.5)
		w.color(colMuted)
		f.SetXY(marginL, 10)
		f.CellFormat(contentW, 4, fit(f, w.running, contentW), "", 0, "L", false, 0, "")
		w.draw(colRule)
		f.SetLineWidth(0.2)
		f.Line(marginL, 14.5, pageW-marginR, 14.5)
	}
	f.SetXY(marginL, marginTop)
	w.color(colText)
}

func (w *writer) footer() {
	f := w.pdf
	l := w.r.lang
	w.fills = append(w.fills, w.filled())
	f.SetY(-12)
	w.draw(colRule)
	f.SetLineWidth(0.2)
	f.Line(marginL, pageH-12.5, pageW-marginR, pageH-12.5)
	w.font("", 7.5)
	w.color(colMuted)
	left := "wi · Welfare Intelligence — " + w.r.info.Name
	if w.r.info.Synthetic {
		left += l.Pick(" (dati sintetici)", " (synthetic data)")
	}
	f.SetX(marginL)
	f.CellFormat(contentW*0.7, 5, fit(f, left, contentW*0.7), "", 0, "L", false, 0, "")
	f.CellFormat(contentW*0.3, 5, fmt.Sprintf(l.Pick("Pagina %d di {nb}", "Page %d of {nb}"), f.PageNo()), "", 0, "R", false, 0, "")
	w.color(colText)
}

// usableH is the height of a page's body, in millimetres.
const usableH = pageH - marginTop - marginBottom

// filled is the share of the page's body already written.
func (w *writer) filled() float64 { return (w.pdf.GetY() - marginTop) / usableH }

// space returns the room left on the page, in millimetres.
func (w *writer) space() float64 { return pageH - marginBottom - w.pdf.GetY() }

// need starts a new page unless h millimetres are left.
func (w *writer) need(h float64) {
	if w.space() < h {
		w.pdf.AddPage()
	}
}

// heading writes a section heading (level 1) or a sub-heading (level 2).
func (w *writer) heading(level int, text string) {
	f := w.pdf
	size, gap := 15.0, 4.0
	if level == 2 {
		size, gap = 11.5, 2.0
	}
	if w.factsheet {
		size, gap = 11, 1.5
	}
	w.need(size*0.8 + 20)
	if f.GetY() > marginTop+1 {
		f.Ln(gap)
	}
	w.font("B", size)
	w.color(colHeading)
	f.MultiCell(contentW, size*0.5, text, "", "L", false)
	if level == 1 && !w.factsheet {
		w.draw(colAccent)
		f.SetLineWidth(0.5)
		f.Line(marginL, f.GetY()+0.5, marginL+25, f.GetY()+0.5)
		f.Ln(2.5)
	} else {
		f.Ln(1)
	}
	w.color(colText)
	w.logf(fmt.Sprintf("h%d", level), "%s", text)
	w.doc.Heading(level, text)
}

// paragraph writes running text.
func (w *writer) paragraph(text string) {
	size := 10.0
	if w.factsheet {
		size = 9
	}
	w.font("", size)
	w.color(colText)
	w.pdf.MultiCell(contentW, size*0.48, text, "", "L", false)
	w.pdf.Ln(1.8)
	w.logf("p", "%s", text)
	w.doc.Paragraph("", text)
}

// bullets writes a list.
func (w *writer) bullets(items []string) {
	f := w.pdf
	w.font("", 10)
	w.color(colText)
	for _, it := range items {
		y := f.GetY()
		f.SetX(marginL + 2)
		f.CellFormat(4, 4.8, "•", "", 0, "L", false, 0, "")
		f.SetXY(marginL+6, y)
		f.MultiCell(contentW-6, 4.8, it, "", "L", false)
		w.logf("li", "%s", it)
		w.doc.Bullet(it)
	}
	f.Ln(1.8)
}

// note writes small grey text: sources of a block, method notes.
func (w *writer) note(text string) {
	w.font("I", 7.5)
	w.color(colMuted)
	w.pdf.MultiCell(contentW, 3.5, text, "", "L", false)
	w.pdf.Ln(1.2)
	w.color(colText)
	w.logf("note", "%s", text)
	w.doc.Paragraph("Note", text)
}

// missing writes that a block's data are missing, in a light box.
func (w *writer) missing(text string) {
	f := w.pdf
	w.font("I", 8.5)
	w.color(colStamp)
	w.fill(rgb{252, 240, 240})
	f.MultiCell(contentW, 4.2, text, "", "L", true)
	f.Ln(1.5)
	w.color(colText)
	w.logf("missing", "%s", text)
	w.doc.Paragraph("", text)
}

// figureBoxes writes key figures side by side: a big value, a label below.
func (w *writer) figureBoxes(values, labels []string) {
	f := w.pdf
	n := len(values)
	if n == 0 {
		return
	}
	perRow := min(n, 4)
	if w.factsheet && n == 5 {
		perRow = 5
	}
	w.doc.Table(labels, [][]string{values}, slices.Repeat([]bool{true}, len(values)))
	gap := 3.0
	bw := (contentW - gap*float64(perRow-1)) / float64(perRow)
	valueSize := 17.0
	if w.factsheet {
		valueSize = 20
	}
	for start := 0; start < n; start += perRow {
		end := min(start+perRow, n)
		// The box's height fits the longest label.
		w.font("", 8)
		lines := 1
		for i := start; i < end; i++ {
			lines = max(lines, len(f.SplitText(labels[i], bw-4)))
		}
		h := 4 + valueSize*0.42 + 2 + float64(lines)*3.6 + 3
		w.need(h + 2)
		y := f.GetY()
		for i := start; i < end; i++ {
			x := marginL + float64(i-start)*(bw+gap)
			w.fill(colBox)
			f.Rect(x, y, bw, h, "F")
			w.fill(colAccent)
			f.Rect(x, y, 1.2, h, "F")
			w.font("B", valueSize)
			w.color(colHeading)
			for size := valueSize; size > 8 && f.GetStringWidth(values[i]) > bw-5; size-- {
				w.font("B", size)
			}
			f.SetXY(x+2.5, y+3)
			f.CellFormat(bw-4, valueSize*0.42, values[i], "", 0, "L", false, 0, "")
			w.font("", 8)
			w.color(colText)
			f.SetXY(x+2.5, y+4+valueSize*0.42+2)
			f.MultiCell(bw-4, 3.6, labels[i], "", "L", false)
			w.logf("fig", "%s — %s", values[i], labels[i])
		}
		f.SetXY(marginL, y+h+3)
	}
}

// table writes a table with a bold header repeated on each page; numeric
// columns are right-aligned; long cells wrap within their column.
func (w *writer) table(head []string, rows [][]string, right []bool) {
	w.tableWith(head, rows, right, tableOpts{})
}

// tableOpts are the options of a table: a caption kept on the page of the
// table's first rows, and the most lines a text cell may take (longer ones
// end with "…"; 0: no limit).
type tableOpts struct {
	caption  string
	maxLines int
}

// tableWith writes a table as table does, with options; it reports whether
// a cell was shortened.
func (w *writer) tableWith(head []string, rows [][]string, right []bool, opt tableOpts) (shortened bool) {
	f := w.pdf
	if opt.caption != "" {
		w.doc.Paragraph("Caption", opt.caption)
	}
	w.doc.Table(head, rows, right) // whole names: an editable document has room
	size := 8.0
	if w.factsheet {
		size = 7.5
	}
	lineH := size * 0.45
	pad := 1.3
	n := len(head)
	widths := make([]float64, n)
	least := make([]float64, n) // no column is narrower than its longest word
	w.font("B", size)
	for i, h := range head {
		widths[i] = f.GetStringWidth(h) + 3
		least[i] = longestWord(f, h) + 3
	}
	w.font("", size)
	for _, row := range rows {
		for i := 0; i < n && i < len(row); i++ {
			widths[i] = max(widths[i], f.GetStringWidth(row[i])+3)
			least[i] = max(least[i], min(longestWord(f, row[i])+3, 28))
			if opt.maxLines > 0 && !right[i] {
				// Names prefer a column where they take at most maxLines lines.
				least[i] = max(least[i], min(f.GetStringWidth(row[i])*1.2/float64(opt.maxLines)+4, 48))
			}
		}
	}
	// Shrink the widest shrinkable column until the table fits; widen
	// evenly when it is narrow.
	total := sum(widths)
	for total > contentW+0.01 {
		wi := -1
		for i := range widths {
			if widths[i] > least[i]+0.01 && (wi < 0 || widths[i] > widths[wi]) {
				wi = i
			}
		}
		if wi < 0 {
			// Every column at its least: cut evenly (words then break).
			for i := range widths {
				widths[i] *= contentW / total
			}
			break
		}
		cut := min(total-contentW, widths[wi]-least[wi], widths[wi]*0.2+0.5)
		widths[wi] -= cut
		total -= cut
	}
	if total = sum(widths); total < contentW*0.6 {
		for i := range widths {
			widths[i] += (contentW*0.6 - total) / float64(n)
		}
	}
	w.font("B", size)
	headLines := make([][]string, n)
	headH := 0.0
	for i, h := range head {
		headLines[i] = f.SplitText(h, widths[i]) // SplitText keeps the cell margins
		headH = max(headH, float64(len(headLines[i]))*lineH+2*pad)
	}
	drawHead := func() {
		w.font("B", size)
		w.fill(colAccent)
		f.SetTextColor(255, 255, 255)
		x, y := marginL, f.GetY()
		f.Rect(x, y, sum(widths), headH, "F")
		for i := range head {
			ly := y + headH - pad - float64(len(headLines[i]))*lineH
			for _, ln := range headLines[i] {
				f.SetXY(x, ly)
				f.CellFormat(widths[i], lineH, ln, "", 0, alignOf(right[i]), false, 0, "")
				ly += lineH
			}
			x += widths[i]
		}
		f.SetXY(marginL, y+headH)
		w.color(colText)
		w.font("", size)
	}
	w.font("", size)
	cells := make([][][]string, len(rows))
	heights := make([]float64, len(rows))
	for ri, row := range rows {
		cells[ri] = make([][]string, n)
		lines := 1
		for i := 0; i < n; i++ {
			if i < len(row) {
				cells[ri][i] = f.SplitText(row[i], widths[i])
				if n := opt.maxLines; n > 0 && !right[i] && len(cells[ri][i]) > n {
					// Too long: the last line ends with an ellipsis.
					rest := strings.Join(cells[ri][i][n-1:], " ")
					cells[ri][i] = append(cells[ri][i][:n-1:n-1], fit(f, rest+" …", widths[i]-2.2))
					if !strings.HasSuffix(cells[ri][i][n-1], "…") {
						cells[ri][i][n-1] += "…"
					}
					shortened = true
				}
			}
			lines = max(lines, len(cells[ri][i]))
		}
		heights[ri] = float64(lines)*lineH + 2*pad
	}
	first := 0.0
	for _, h := range heights[:min(len(heights), 3)] {
		first += h
	}
	capH := 0.0
	if opt.caption != "" {
		w.font("B", 9)
		capH = float64(len(f.SplitText(opt.caption, contentW)))*4.5 + 0.5
	}
	w.need(capH + headH + first + 2)
	if opt.caption != "" {
		w.font("B", 9)
		w.color(colHeading)
		f.MultiCell(contentW, 4.5, opt.caption, "", "L", false)
		f.Ln(0.5)
		w.color(colText)
		w.logf("caption", "%s", opt.caption)
	}
	drawHead()
	w.logf("th", "%s", strings.Join(head, " | "))
	for ri := range rows {
		if w.space() < heights[ri]+1 {
			f.AddPage()
			drawHead()
		}
		x, y := marginL, f.GetY()
		if ri%2 == 1 {
			w.fill(colZebra)
			f.Rect(marginL, y, sum(widths), heights[ri], "F")
		}
		for i := 0; i < n; i++ {
			ly := y + pad
			for _, ln := range cells[ri][i] {
				f.SetXY(x, ly)
				f.CellFormat(widths[i], lineH, ln, "", 0, alignOf(right[i]), false, 0, "")
				ly += lineH
			}
			x += widths[i]
		}
		f.SetXY(marginL, y+heights[ri])
		shown := make([]string, len(cells[ri]))
		for i, c := range cells[ri] {
			shown[i] = strings.Join(c, " ")
		}
		w.logf("td", "%s", strings.Join(shown, " | "))
	}
	w.draw(colRule)
	f.SetLineWidth(0.2)
	f.Line(marginL, f.GetY(), marginL+sum(widths), f.GetY())
	f.Ln(2)
	return shortened
}

func alignOf(right bool) string {
	if right {
		return "R"
	}
	return "L"
}

// longestWord is the width of the widest word of s in the current font.
func longestWord(f *fpdf.Fpdf, s string) float64 {
	m := 0.0
	for _, word := range strings.Fields(s) {
		m = max(m, f.GetStringWidth(word))
	}
	return m
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// fit shortens s with "…" until it is at most width millimetres wide in the
// current font.
func fit(f *fpdf.Fpdf, s string, width float64) string {
	if f.GetStringWidth(s) <= width {
		return s
	}
	for s != "" {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		if f.GetStringWidth(s+"…") <= width {
			return strings.TrimRight(s, " ,") + "…"
		}
	}
	return ""
}

// cellText writes a table cell as the text reports do, names cleaned
// (reports.CleanName).
func cellText(v answers.Value, c answers.Column, l question.Lang) string {
	s := reports.Cell(v, c, l)
	if c.Type == answers.TypeString && !v.IsSuppressed() {
		s = reports.CleanName(s)
	}
	return s
}

// cleanNames writes the names of an answer's rows cleaned in a sentence of
// the answer (its headline, a caveat): the engine writes them as the
// catalog has them.
func (a *answer) cleanNames(s string) string {
	if a.res == nil {
		return s
	}
	a.namesOnce.Do(func() {
		seen := map[string]bool{}
		var pairs [][2]string
		for _, row := range a.res.Rows {
			for i, c := range a.res.Columns {
				if c.Type != answers.TypeString || i >= len(row) {
					continue
				}
				raw, ok := row[i].Raw().(string)
				if !ok || seen[raw] {
					continue
				}
				seen[raw] = true
				if clean := reports.CleanName(raw); clean != raw {
					pairs = append(pairs, [2]string{raw, clean})
				}
			}
		}
		// Longest first, so that a name is not replaced inside a longer one.
		slices.SortStableFunc(pairs, func(x, y [2]string) int { return len(y[0]) - len(x[0]) })
		var args []string
		for _, p := range pairs {
			args = append(args, p[0], p[1])
		}
		a.names = strings.NewReplacer(args...)
	})
	return a.names.Replace(s)
}
