package pdf

import "strings"

// minMapBox is the smallest map (its frame's height, in millimetres) drawn
// to finish a page rather than start a new one.
const minMapBox = 95.0

// headingH is the height a heading takes, gap included.
func headingH(level int, factsheet bool) float64 {
	switch {
	case factsheet:
		return 8
	case level == 1:
		return 17
	}
	return 10
}

// keepWithNext starts a new page before a heading unless the heading, the
// text after it and the start of what it introduces (a chart, a table's
// caption, head and first rows, a map, key figures) fit on this page: a
// heading is never left at the foot of a page apart from its chart or
// table. A map that would not fit is drawn smaller when at least minMapBox
// millimetres are left for it, instead of leaving the page empty.
func (r *report) keepWithNext(w *writer, h float64, blocks []Block, data *tplData, scope map[string]*answer) {
	for _, b := range blocks {
		if len(b.Text) > 0 || b.Headline != "" {
			h += r.textHeight(w, b, data, scope)
			continue
		}
		switch {
		case b.Box != nil:
			h += r.textHeight(w, b, data, scope)
		case b.Map != nil:
			if a := r.lookupAnswer(scope, b.Map.From); a != nil && a.res != nil {
				m := r.layoutMap(b.Map, a, w.factsheet)
				full := h + m.height()
				if w.space() >= full || full > usableH {
					w.need(min(full, usableH))
					return
				}
				if rest := w.space() - (full - m.boxH) - 2; rest >= minMapBox && m.unavailable == "" {
					r.mapMaxH[b.Map] = rest
					return
				}
				w.need(full)
				return
			}
			h += 12
		case b.Chart != nil:
			h += r.chartStart(w, b.Chart, scope)
		case b.Table != nil:
			h += 5 + 9 + 3*6
		case len(b.Figures) > 0:
			h += 26
		}
		break
	}
	if h < usableH {
		w.need(h)
	}
}

// lookupAnswer is the answer of an id in a scope or the report's.
func (r *report) lookupAnswer(scope map[string]*answer, id string) *answer {
	if a, ok := scope[id]; ok {
		return a
	}
	return r.global[id]
}

// chartStart is the height of a chart, or of the sentence that stands for it.
func (r *report) chartStart(w *writer, spec *ChartSpec, scope map[string]*answer) float64 {
	a := r.lookupAnswer(scope, spec.From)
	if a == nil || a.res == nil {
		return 12
	}
	pts, _, ok := r.chartPoints(spec, a)
	switch {
	case !ok || len(pts) == 0:
		return 8
	case spec.Kind == "line" && published(pts) < 3:
		return 12
	case spec.Kind == "line":
		if w.factsheet {
			return 62 + 16
		}
		return 52 + 16
	}
	rowH := 5.0
	if w.factsheet {
		rowH = 4.4
	}
	return float64(len(pts))*rowH + 8 + 16
}

// textHeight estimates the height of a text, headline or box block as the
// paragraph writer lays it out.
func (r *report) textHeight(w *writer, b Block, data *tplData, scope map[string]*answer) float64 {
	size := 10.0
	if w.factsheet {
		size = 9
	}
	var texts []string
	switch {
	case b.Headline != "":
		if a := r.lookupAnswer(scope, b.Headline); a != nil && a.res != nil {
			texts = append(texts, a.res.Headline+" [D00]")
		} else {
			texts = append(texts, "")
		}
	case b.Box != nil:
		return r.boxHeight(w, b.Box, data, scope)
	default:
		for _, para := range paragraphs(b.Text.In(r.lang)) {
			s, err := r.execText(para, data, scope, nil)
			if err != nil {
				texts = append(texts, "")
				continue
			}
			texts = append(texts, strings.Join(strings.Fields(s), " ")+" [D00]")
		}
	}
	w.font("", size)
	h := 0.0
	for _, t := range texts {
		if strings.TrimSpace(t) == "" {
			h += 6
			continue
		}
		h += float64(len(w.pdf.SplitText(t, contentW)))*size*0.48 + 1.8
	}
	return h
}
