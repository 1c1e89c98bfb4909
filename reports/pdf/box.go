package pdf

import (
	"errors"
	"strings"
)

// boxItems executes a list box's paragraphs: one item each, with the
// questions it cites; items whose condition did not hold, or whose data are
// missing, are left out (the appendix says which answers are missing).
func (r *report) boxItems(spec *BoxSpec, data *tplData, scope map[string]*answer) ([]string, []*answer, error) {
	var items []string
	var all []*answer
	for _, para := range paragraphs(spec.Text.In(r.lang)) {
		var used []*answer
		s, err := r.execText(para, data, scope, &used)
		var miss *missingError
		if errors.As(err, &miss) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			continue
		}
		if refs := r.refs(used); refs != "" {
			s += " " + refs
		}
		items = append(items, s)
		all = append(all, used...)
		if spec.Max > 0 && len(items) == spec.Max {
			break
		}
	}
	// The section's limit may leave out sentences, or whole items.
	kept := items[:0]
	for _, it := range items {
		if it, ok := r.fitted(it); ok {
			kept = append(kept, it)
		}
	}
	return kept, all, nil
}

// Geometry of boxes, in millimetres.
const (
	boxPad    = 3.5
	boxLineH  = 4.6
	boxTitleH = 6.0
	writerGap = 14.0 // blank room left in a writer box
)

// boxHeight is the height a box takes on the page.
func (r *report) boxHeight(w *writer, spec *BoxSpec, data *tplData, scope map[string]*answer) float64 {
	lines := 0
	if spec.Kind == "writer" {
		s, _ := r.execText(spec.Text.In(r.lang), data, scope, nil)
		w.font("I", 9)
		lines = len(w.pdf.SplitText(strings.Join(strings.Fields(s), " "), contentW-2*boxPad))
		return boxTitleH + float64(lines)*boxLineH + writerGap + 2*boxPad + 3
	}
	items, _, err := r.boxItems(spec, data, scope)
	if err != nil || len(items) == 0 {
		return 0
	}
	w.font("", 9.5)
	for _, it := range items {
		lines += len(w.pdf.SplitText(it, contentW-2*boxPad-5))
	}
	return boxTitleH + float64(lines)*boxLineH + float64(len(items))*1.2 + 2*boxPad + 3
}

// drawBox draws a list box (key messages, strengths, weaknesses) or a
// writer box (a marked place for the applicant's own evidence).
func (r *report) drawBox(w *writer, spec *BoxSpec, data *tplData, scope map[string]*answer, st *sectionState) error {
	f := w.pdf
	title, err := r.execText(spec.Title.In(r.lang), data, scope, nil)
	if err != nil {
		return &TemplateError{r.tpl.File, st.name, err}
	}
	title = strings.TrimSpace(title)
	h := r.boxHeight(w, spec, data, scope)
	if h == 0 {
		return nil
	}
	w.need(h)
	x, y := marginL, f.GetY()+1
	hb := h - 3
	if spec.Kind == "writer" {
		text, err := r.execText(spec.Text.In(r.lang), data, scope, nil)
		if err != nil {
			return &TemplateError{r.tpl.File, st.name, err}
		}
		text = strings.Join(strings.Fields(text), " ")
		w.fill(colWriter)
		f.Rect(x, y, contentW, hb, "F")
		w.draw(colWriterLine)
		f.SetLineWidth(0.4)
		f.SetDashPattern([]float64{1.6, 1.2}, 0)
		f.Rect(x, y, contentW, hb, "D")
		f.SetDashPattern(nil, 0)
		w.font("B", 9.5)
		w.color(colWriterLine)
		label := r.lang.Pick("DA COMPLETARE — ", "TO BE WRITTEN — ") + title
		f.SetXY(x+boxPad, y+boxPad)
		f.CellFormat(contentW-2*boxPad, boxTitleH-1, label, "", 0, "L", false, 0, "")
		w.font("I", 9)
		w.color(colMuted)
		f.SetXY(x+boxPad, y+boxPad+boxTitleH)
		f.MultiCell(contentW-2*boxPad, boxLineH, text, "", "L", false)
		w.logf("writer", "%s — %s", label, text)
		w.doc.WriterBox(label, text)
		w.color(colText)
		f.SetXY(marginL, y+hb+2)
		return nil
	}
	items, used, err := r.boxItems(spec, data, scope)
	if err != nil {
		return &TemplateError{r.tpl.File, st.name, err}
	}
	for _, a := range used {
		a.use(st.heading)
	}
	w.fill(colBox)
	f.Rect(x, y, contentW, hb, "F")
	w.fill(colAccent)
	f.Rect(x, y, 1.4, hb, "F")
	w.font("B", 10)
	w.color(colHeading)
	f.SetXY(x+boxPad, y+boxPad)
	f.CellFormat(contentW-2*boxPad, boxTitleH-1, title, "", 0, "L", false, 0, "")
	w.logf("box", "%s", title)
	w.doc.Box(title, items)
	f.SetY(y + boxPad + boxTitleH)
	w.font("", 9.5)
	w.color(colText)
	for _, it := range items {
		ly := f.GetY()
		f.SetXY(x+boxPad, ly)
		f.CellFormat(4, boxLineH, "•", "", 0, "L", false, 0, "")
		f.SetXY(x+boxPad+5, ly)
		f.MultiCell(contentW-2*boxPad-5, boxLineH, it, "", "L", false)
		f.Ln(1.2)
		w.logf("li", "%s", it)
		w.prose += chars(it)
	}
	f.SetXY(marginL, y+hb+2)
	return nil
}
