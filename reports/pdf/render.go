package pdf

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// execText runs a text template over the data with the report's functions;
// used collects the answers it cites.
func (r *report) execText(src string, data *tplData, scope map[string]*answer, used *[]*answer) (string, error) {
	if used == nil {
		used = new([]*answer)
	}
	t, err := template.New("text").Funcs(r.funcs(scope, used)).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// sectionState is what drawing a section keeps: its name for errors and
// the missing answers already noted.
type sectionState struct {
	name    string
	heading string
	noted   map[string]bool
}

// noteMissing says once per section that an answer, or a figure of it, is missing.
func (r *report) noteMissing(w *writer, st *sectionState, m *missingError) {
	key := fmt.Sprintf("%p/%s", m.a, m.what)
	if m.a.res == nil {
		key = fmt.Sprintf("%p", m.a)
	}
	if st.noted[key] {
		return
	}
	st.noted[key] = true
	m.a.use(st.heading)
	w.missing(r.missingNote(m))
}

// refs writes the citations of answers: "[D1, D3]".
func (r *report) refs(used []*answer) string {
	var out []string
	for _, a := range used {
		if a.res != nil {
			out = append(out, a.ref(r.lang))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func (r *report) drawSection(w *writer, run *sectionRun, i int, factsheet bool) error {
	sec := run.sec
	// A section that asks for a new page gets one unless this page is
	// still more than half empty: a forced break never leaves a page
	// mostly blank.
	if sec.NewPage && !factsheet && w.filled() > 0.5 {
		w.pdf.AddPage()
	}
	// The section's text within its limit, decided before it is drawn.
	length := r.fitSection(sectionName(sec, i), r.proseOf(run), r.tpl.maxChars(sec))
	r.keepWithNext(w, headingH(1, factsheet), sec.Blocks, &r.data, nil)
	w.heading(1, run.heading)
	w.prose = 0
	if !factsheet {
		w.doc.Paragraph("Count", r.lengthNote(length))
	}
	defer func() {
		length.Chars = w.prose
		r.lengths = append(r.lengths, length)
	}()
	st := &sectionState{name: sectionName(sec, i), heading: run.heading, noted: map[string]bool{}}
	if err := r.drawBlocks(w, sec.Blocks, &r.data, nil, st); err != nil {
		return err
	}
	if sec.Each == nil {
		return nil
	}
	if len(run.each) == 0 {
		if s := sec.Each.Empty.In(r.lang); s != "" {
			return r.drawBlocks(w, []Block{{Text: Text{string(r.lang): s}}}, &r.data, nil, st)
		}
		return nil
	}
	for _, e := range run.each {
		h, err := r.execText(sec.Each.Heading.In(r.lang), &e.data, e.scope, nil)
		if err != nil {
			return &TemplateError{r.tpl.File, st.name, err}
		}
		if h = strings.TrimSpace(h); h != "" {
			r.keepWithNext(w, headingH(2, factsheet), sec.Each.Blocks, &e.data, e.scope)
			w.heading(2, h)
		}
		if err := r.drawBlocks(w, sec.Each.Blocks, &e.data, e.scope, st); err != nil {
			return err
		}
	}
	return nil
}

// answerFor resolves a block's question, noting it when its data are missing.
func (r *report) answerFor(w *writer, st *sectionState, scope map[string]*answer, id string) *answer {
	a, ok := scope[id]
	if !ok {
		a = r.global[id]
	}
	if a == nil {
		return nil
	}
	if a.res == nil {
		r.noteMissing(w, st, &missingError{a: a})
		return nil
	}
	a.use(st.heading)
	return a
}

func (r *report) drawBlocks(w *writer, blocks []Block, data *tplData, scope map[string]*answer, st *sectionState) error {
	l := r.lang
	for _, b := range blocks {
		switch {
		case len(b.Text) > 0:
			for _, para := range paragraphs(b.Text.In(l)) {
				var used []*answer
				s, err := r.execText(para, data, scope, &used)
				var miss *missingError
				if errors.As(err, &miss) {
					r.noteMissing(w, st, miss)
					continue
				}
				if err != nil {
					return &TemplateError{r.tpl.File, st.name, err}
				}
				for _, a := range used {
					a.use(st.heading)
				}
				r.drawParagraph(w, s, r.refs(used))
			}
		case b.Headline != "":
			if a := r.answerFor(w, st, scope, b.Headline); a != nil {
				if s, ok := r.fitted(a.cleanNames(a.res.Headline) + " " + r.refs([]*answer{a})); ok {
					w.prose += chars(s)
					w.paragraph(s)
				}
			}
		case len(b.Figures) > 0:
			if err := r.drawFigures(w, b, data, scope, st); err != nil {
				return err
			}
		case b.Table != nil:
			title, err := r.title(b.Table.Title, data, scope, st)
			if err != nil {
				return err
			}
			if a := r.answerFor(w, st, scope, b.Table.From); a != nil {
				r.drawTable(w, b.Table, a, title)
			}
		case b.Chart != nil:
			title, err := r.title(b.Chart.Title, data, scope, st)
			if err != nil {
				return err
			}
			highlight, err := r.title(b.Chart.Highlight, data, scope, st)
			if err != nil {
				return err
			}
			if a := r.answerFor(w, st, scope, b.Chart.From); a != nil {
				r.drawChart(w, b.Chart, a, title, highlight)
			}
		case b.Box != nil:
			if err := r.drawBox(w, b.Box, data, scope, st); err != nil {
				return err
			}
		case b.Map != nil:
			title, err := r.title(b.Map.Title, data, scope, st)
			if err != nil {
				return err
			}
			if a := r.answerFor(w, st, scope, b.Map.From); a != nil {
				r.drawMap(w, b.Map, a, title)
			}
		}
	}
	return nil
}

// title executes the title of a table, chart or map.
func (r *report) title(t Text, data *tplData, scope map[string]*answer, st *sectionState) (string, error) {
	s, err := r.execText(t.In(r.lang), data, scope, nil)
	if err != nil {
		return "", &TemplateError{r.tpl.File, st.name, err}
	}
	return strings.TrimSpace(s), nil
}

// paragraphs splits a text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// drawParagraph writes an executed paragraph: a list when every line starts
// with "- ", running text otherwise; empty text (a condition that did not
// hold) writes nothing.
func (r *report) drawParagraph(w *writer, s, refs string) {
	pieces, list := splitParagraph(s, refs)
	var kept []string
	for _, p := range pieces {
		if p, ok := r.fitted(p); ok {
			kept = append(kept, p)
			w.prose += chars(p)
		}
	}
	switch {
	case len(kept) == 0:
	case list:
		w.bullets(kept)
	default:
		w.paragraph(kept[0])
	}
}

func (r *report) drawFigures(w *writer, b Block, data *tplData, scope map[string]*answer, st *sectionState) error {
	l := r.lang
	var values, labels, refs []string
	var all []*answer
	for _, fig := range b.Figures {
		var used []*answer
		v, err := r.execText(fig.Value, data, scope, &used)
		var miss *missingError
		if errors.As(err, &miss) {
			r.noteMissing(w, st, miss)
			v = l.Pick("n.d.", "n/a")
		} else if err != nil {
			return &TemplateError{r.tpl.File, st.name, err}
		}
		if strings.TrimSpace(v) == "" {
			continue // a figure whose condition did not hold
		}
		label, err := r.execText(fig.Label.In(l), data, scope, &used)
		if errors.As(err, &miss) {
			r.noteMissing(w, st, miss)
			continue
		} else if err != nil {
			return &TemplateError{r.tpl.File, st.name, err}
		}
		for _, a := range used {
			a.use(st.heading)
			if !slices.Contains(all, a) {
				all = append(all, a)
			}
		}
		values = append(values, strings.TrimSpace(v))
		labels = append(labels, strings.TrimSpace(label))
		refs = append(refs, strings.Trim(r.refs(used), "[]"))
	}
	if b.Style == "table" {
		rows := make([][]string, len(values))
		for i := range values {
			rows[i] = []string{labels[i], values[i], refs[i]}
		}
		w.table([]string{l.Pick("Indicatore", "Indicator"), l.Pick("Valore di base", "Baseline value"), l.Pick("Domanda", "Question")},
			rows, []bool{false, true, false})
		return nil
	}
	w.figureBoxes(values, labels)
	if s := r.refs(all); s != "" {
		where := l.Pick(" (in appendice).", " (see the appendix).")
		if w.factsheet {
			where = l.Pick(" (in fondo alla pagina).", " (at the foot of the page).")
		}
		w.note(l.Pick("Fonti delle cifre: domande ", "Sources of the figures: questions ") + strings.Trim(s, "[]") + where)
	}
	return nil
}

// columnIndex returns the index of a result's column, or -1.
func columnIndex(res *answers.Result, name string) int {
	for i, c := range res.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// columnLabel is a column's heading with its unit.
func columnLabel(c answers.Column) string {
	if c.Unit != "" && c.Unit != "persone" && c.Unit != "people" && c.Type != answers.TypePercent {
		return c.Label + " (" + c.Unit + ")"
	}
	return c.Label
}

func (r *report) drawTable(w *writer, spec *TableSpec, a *answer, title string) {
	l := r.lang
	res := a.res
	var cols []int
	if len(spec.Columns) == 0 {
		for i := range res.Columns {
			cols = append(cols, i)
		}
	}
	for _, name := range spec.Columns {
		if i := columnIndex(res, name); i >= 0 {
			cols = append(cols, i)
		}
	}
	if len(res.Rows) == 0 || len(cols) == 0 {
		if title != "" {
			w.need(20)
			w.font("B", 9)
			w.color(colHeading)
			w.pdf.MultiCell(contentW, 4.5, title, "", "L", false)
			w.color(colText)
			w.logf("caption", "%s", title)
		}
		w.note(l.Pick("Nessuna riga da mostrare. ", "No rows to show. ") + a.ref(l) + ": " + a.canonical)
		return
	}
	top := spec.Top
	if top <= 0 || top > 30 {
		top = 30
	}
	head := make([]string, len(cols))
	right := make([]bool, len(cols))
	for j, i := range cols {
		head[j] = columnLabel(res.Columns[i])
		right[j] = res.Columns[i].Type != answers.TypeString
	}
	var rows [][]string
	suppressed := false
	for k, row := range res.Rows {
		if k == top {
			break
		}
		line := make([]string, len(cols))
		for j, i := range cols {
			if i < len(row) {
				line[j] = cellText(row[i], res.Columns[i], l)
				suppressed = suppressed || row[i].IsSuppressed()
			}
		}
		rows = append(rows, line)
	}
	shortened := w.tableWith(head, rows, right, tableOpts{caption: title, maxLines: 2})
	note := a.ref(l) + ": " + a.canonical
	if len(res.Rows) > top {
		note = fmt.Sprintf(l.Pick("Prime %d righe su %d. ", "First %d rows of %d. "), top, len(res.Rows)) + note
	}
	if suppressed {
		note += l.Pick(". :c = dato riservato (regola di riservatezza in appendice)", ". :c = confidential (disclosure rule in the appendix)")
	}
	if shortened {
		note += l.Pick(". I nomi più lunghi sono abbreviati con «…»", ". The longest names are shortened with \"…\"")
	}
	w.note(note)
}

// drawCover writes the dossier's first page.
func (r *report) drawCover(w *writer) {
	f := w.pdf
	l := r.lang
	d := r.data
	f.AddPage()
	f.SetY(38)
	w.font("B", 10)
	w.color(colMuted)
	kicker := strings.ToUpper(r.tpl.Title.In(l))
	f.MultiCell(contentW, 5, kicker, "", "L", false)
	w.logf("kicker", "%s", kicker)
	w.doc.Paragraph("Subtitle", kicker)
	if s, err := r.execText(r.tpl.Subtitle.In(l), &d, nil, nil); err == nil && strings.TrimSpace(s) != "" {
		w.font("I", 10)
		f.MultiCell(contentW, 5, strings.TrimSpace(s), "", "L", false)
		w.logf("subtitle", "%s", strings.TrimSpace(s))
		w.doc.Paragraph("Subtitle", strings.TrimSpace(s))
	}
	f.Ln(6)
	w.font("B", 28)
	w.color(colHeading)
	title := capitalize(d.TargetName)
	f.MultiCell(contentW, 12, title, "", "L", false)
	w.font("", 18)
	where := d.AreaName
	if d.AreaLevel != question.LevelCity && d.CityName != "" {
		where += " — " + d.CityName
	}
	f.MultiCell(contentW, 9, where, "", "L", false)
	w.logf("title", "%s / %s", title, where)
	w.doc.TitleLine(title)
	w.doc.Paragraph("Subtitle", where)
	w.draw(colAccent)
	f.SetLineWidth(0.8)
	f.Line(marginL, f.GetY()+3, marginL+40, f.GetY()+3)
	f.Ln(10)

	rows := [][2]string{
		{l.Pick("Target", "Target"), d.TargetName + " — " + d.TargetDefinition},
		{l.Pick("Territorio", "Territory"), fmt.Sprintf("%s (%s)", d.AreaName, levelLabel(d.AreaLevel, l))},
		{l.Pick("Anno dei dati", "Data year"), r.dataYears()},
		{l.Pick("Dati di riferimento", "Data as of"), r.vintage()},
		{l.Pick("Catalogo", "Catalog"), r.info.Name},
		{l.Pick("Modello", "Template"), r.tpl.Name},
		{l.Pick("Precisione", "Precision"), r.precision()},
		{l.Pick("Data del documento", "Date of the document"), reports.FormatDate(r.now, l)},
	}
	meta := make([][]string, len(rows))
	for i, row := range rows {
		meta[i] = []string{row[0], row[1]}
	}
	w.doc.Table([]string{l.Pick("Scheda", "Summary"), ""}, meta, []bool{false, false})
	for _, row := range rows {
		y := f.GetY()
		w.font("B", 9.5)
		w.color(colMuted)
		f.SetXY(marginL, y)
		f.CellFormat(42, 5.2, row[0], "", 0, "L", false, 0, "")
		w.font("", 9.5)
		w.color(colText)
		f.SetXY(marginL+42, y)
		f.MultiCell(contentW-42, 5.2, row[1], "", "L", false)
		f.Ln(1)
		w.logf("meta", "%s: %s", row[0], row[1])
	}
	if r.info.Synthetic {
		f.Ln(6)
		w.draw(colStamp)
		f.SetLineWidth(0.6)
		w.font("B", 11)
		w.color(colStamp)
		text := l.Pick("DATI SINTETICI. Questo documento è costruito sulla città demo di wi, generata dal programma: "+
			"le cifre hanno la struttura di una città vera ma non descrivono persone reali. Non usarlo per una candidatura.",
			"SYNTHETIC DATA. This document is built on wi's demo city, generated by the program: "+
				"the figures have the structure of a real city but do not describe real people. Do not submit it.")
		f.MultiCell(contentW, 5.5, text, "1", "L", false)
		w.logf("stamp", "%s", text)
		w.doc.Paragraph("", text)
		w.color(colText)
	}
	w.font("I", 8.5)
	w.color(colMuted)
	f.SetY(pageH - 40)
	closing := l.Pick("Prodotto con wi — Welfare Intelligence. Ogni cifra viene da una domanda del linguaggio di wi, "+
		"elencata in appendice con il suo numero (D1, D2, …), così che chi valuta possa ripeterla sullo stesso catalogo.",
		"Produced with wi — Welfare Intelligence. Every figure comes from a question in wi's language, listed in the "+
			"appendix with its number (Q1, Q2, …), so that an evaluator can ask it again of the same catalog.")
	f.MultiCell(contentW, 4, closing, "", "L", false)
	w.logf("note", "%s", closing)
	w.doc.Paragraph("Note", closing)
	w.color(colText)
	f.AddPage()
}

// vintage says how recent the data are: the reference dates of the datasets.
func (r *report) vintage() string {
	var first, last time.Time
	for _, s := range r.info.Datasets {
		if s.ReferenceDate.IsZero() {
			continue
		}
		if first.IsZero() || s.ReferenceDate.Before(first) {
			first = s.ReferenceDate
		}
		if s.ReferenceDate.After(last) {
			last = s.ReferenceDate
		}
	}
	if first.Equal(last) {
		return reports.FormatDate(last, r.lang)
	}
	return fmt.Sprintf(r.lang.Pick("dal %s al %s, secondo il dataset", "from %s to %s, by dataset"),
		reports.FormatDate(first, r.lang), reports.FormatDate(last, r.lang))
}

func (r *report) precision() string {
	switch r.role {
	case answers.RolePress:
		return r.lang.Pick("profilo press: conteggi con un piccolo scarto casuale stabile, arrotondati alla decina", "press role: counts with a small stable random adjustment, rounded to the nearest ten")
	case answers.RoleAnalyst:
		return r.lang.Pick("profilo analyst: conteggi esatti, da non pubblicare così", "analyst role: exact counts, not to be published as they are")
	}
	return fmt.Sprintf(r.lang.Pick("profilo %s: conteggi con un piccolo scarto casuale stabile (metodo cell-key)", "%s role: counts with a small stable random adjustment (cell-key method)"), r.role)
}

func levelLabel(level string, l question.Lang) string {
	if lv, ok := question.LevelOf(level); ok {
		return lv.LongName(l)
	}
	return level
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// drawAppendix lists the datasets, the disclosure rules, every question with
// where it was used, and the method notes of the answers.
func (r *report) drawAppendix(w *writer) {
	l := r.lang
	if w.filled() > 0.5 {
		w.pdf.AddPage()
	}
	w.heading(1, l.Pick("Appendice — Fonti e metodo", "Appendix — Sources and method"))

	w.heading(2, l.Pick("Dataset", "Datasets"))
	cited := map[string]bool{}
	for _, a := range r.answers {
		if a.res != nil {
			for _, s := range a.res.Sources {
				cited[s.ID] = true
			}
		}
	}
	var rows [][]string
	for _, s := range r.info.Datasets {
		if len(cited) > 0 && !cited[s.ID] {
			continue
		}
		title := s.Title
		if s.Synthetic {
			title += l.Pick(" [dati sintetici]", " [synthetic data]")
		}
		licence := s.Licence
		if l == question.Italian {
			licence = strings.ReplaceAll(licence, "not verified", "da verificare")
		}
		rows = append(rows, []string{s.ID, title, s.Publisher, licence, reports.FormatDate(s.ReferenceDate, l)})
	}
	w.table([]string{"ID", l.Pick("Dataset", "Dataset"), l.Pick("Editore", "Publisher"), l.Pick("Licenza", "Licence"), l.Pick("Dati al", "Data as of")},
		rows, []bool{false, false, false, false, false})
	for _, s := range r.info.Datasets {
		if s.URL != "" && (len(cited) == 0 || cited[s.ID]) {
			w.note(s.ID + ": " + s.URL)
		}
	}

	w.heading(2, l.Pick("Riservatezza dei dati", "Statistical disclosure control"))
	w.paragraph(fmt.Sprintf(l.Pick(
		"Ogni cifra è protetta dal motore di wi, non da chi impagina. Precisione di questo documento: %s. Le regole applicate (tra parentesi le domande a cui si applica una regola che non vale per tutte):",
		"Every figure is protected by wi's engine, not by the layout. Precision of this document: %s. The rules applied (in brackets the questions a rule applies to when it does not apply to all):"),
		r.precision()))
	w.bullets(r.disclosureItems())

	w.heading(2, l.Pick("Le domande", "The questions"))
	w.paragraph(l.Pick(
		"Ogni cifra, tabella, grafico e mappa viene da una di queste domande, nella forma canonica del linguaggio di wi. Per ripeterne una sullo stesso catalogo:",
		"Every figure, table, chart and map comes from one of these questions, in the canonical form of wi's language. To ask one again of the same catalog:"))
	w.code(fmt.Sprintf("wi ask --catalog CATALOGO --role %s --lang %s \"DOMANDA\"", r.role, l))
	for _, a := range r.answers {
		q := a.canonical
		if q == "" {
			q = a.question
		}
		where := strings.Join(a.used, "; ")
		if where == "" {
			where = l.Pick("non citata", "not cited")
		}
		status := fmt.Sprintf(l.Pick("usata in: %s", "used in: %s"), where)
		if a.res == nil {
			status = l.Pick("dati non disponibili: ", "data not available: ") + errMessage(a.err, l)
		}
		w.question(a.ref(l), q, status)
	}

	// Method notes, each with the figures (questions) it qualifies.
	var notes []string
	noteRefs := map[string][]string{}
	for _, a := range r.answers {
		if a.res == nil {
			continue
		}
		for _, n := range a.res.Notes {
			if strings.HasPrefix(n, l.Pick("Dati sintetici:", "Synthetic data:")) || strings.HasPrefix(n, l.Pick("Mostrate", "Showing")) {
				continue
			}
			n = a.cleanNames(n)
			if !slices.Contains(notes, n) {
				notes = append(notes, n)
			}
			if refs := noteRefs[n]; len(refs) == 0 || refs[len(refs)-1] != a.ref(l) {
				noteRefs[n] = append(refs, a.ref(l))
			}
		}
	}
	if len(notes) > 0 {
		w.heading(2, l.Pick("Note di metodo", "Method notes"))
		w.paragraph(l.Pick("Ogni nota dice come è calcolata una cifra; la prima colonna indica le domande (e quindi le cifre del documento) a cui si riferisce.",
			"Each note says how a figure is computed; the first column gives the questions (and so the figures of the document) it qualifies."))
		rows := make([][]string, len(notes))
		for i, n := range notes {
			rows[i] = []string{strings.Join(noteRefs[n], ", "), n}
		}
		w.table([]string{l.Pick("Cifre", "Figures"), l.Pick("Nota di metodo", "Method note")}, rows, []bool{false, false})
	}
	if r.info.Synthetic {
		w.heading(2, l.Pick("Dati sintetici", "Synthetic data"))
		w.paragraph(l.Pick("Il catalogo è la città demo di wi: una città sintetica generata in modo deterministico, con la struttura di Milano ma senza persone reali. Le cifre servono a provare il metodo, non a descrivere un territorio.",
			"The catalog is wi's demo city: a synthetic city generated deterministically, with Milan's structure but no real people. The figures test the method; they do not describe a territory."))
	}
}

// code writes a line of monospaced text.
func (w *writer) code(s string) {
	w.font("", 8.5)
	w.pdf.SetFont(monoFont, "", 8)
	w.fill(colZebra)
	w.pdf.MultiCell(contentW, 4.5, s, "", "L", true)
	w.pdf.Ln(2)
	w.logf("code", "%s", s)
	w.doc.Paragraph("Note", s)
}

// question writes one question of the appendix: its number, its canonical
// form in monospace, and where it was used.
func (w *writer) question(ref, q, status string) {
	f := w.pdf
	w.need(12)
	y := f.GetY()
	w.font("B", 8.5)
	w.color(colHeading)
	f.SetXY(marginL, y)
	f.CellFormat(10, 4.2, ref, "", 0, "L", false, 0, "")
	f.SetFont(monoFont, "", 7.8)
	w.color(colText)
	f.SetXY(marginL+10, y)
	f.MultiCell(contentW-10, 4.0, q, "", "L", false)
	w.font("I", 7.5)
	w.color(colMuted)
	f.SetX(marginL + 10)
	f.MultiCell(contentW-10, 3.6, status, "", "L", false)
	w.color(colText)
	f.Ln(1.2)
	w.logf("q", "%s %s — %s", ref, q, status)
	w.doc.Paragraph("", ref+"\t"+q)
	w.doc.Paragraph("Note", status)
}

// drawFactsheetHead writes the fact sheet's title band.
func (r *report) drawFactsheetHead(w *writer) {
	f := w.pdf
	l := r.lang
	d := r.data
	f.AddPage()
	f.SetY(12)
	w.font("B", 9)
	w.color(colMuted)
	kicker := strings.ToUpper(r.tpl.Title.In(l)) + " · " + reports.FormatDate(r.now, l)
	f.CellFormat(contentW, 5, kicker, "", 1, "L", false, 0, "")
	w.logf("kicker", "%s", kicker)
	w.font("B", 22)
	w.color(colHeading)
	title := capitalize(d.TargetName) + " " + d.InArea
	f.MultiCell(contentW, 9.5, title, "", "L", false)
	w.logf("title", "%s", title)
	w.doc.Paragraph("Subtitle", kicker)
	w.doc.TitleLine(title)
	w.font("", 9)
	w.color(colMuted)
	sub := fmt.Sprintf(l.Pick("Dati %d · %s · cifre arrotondate alla decina, con un piccolo scarto casuale a tutela della riservatezza",
		"%d data · %s · figures rounded to the nearest ten, with a small random adjustment to protect privacy"), d.Year, r.info.Name)
	f.MultiCell(contentW, 4.5, sub, "", "L", false)
	w.logf("subtitle", "%s", sub)
	w.doc.Paragraph("Subtitle", sub)
	w.draw(colAccent)
	f.SetLineWidth(0.6)
	f.Line(marginL, f.GetY()+1.5, pageW-marginR, f.GetY()+1.5)
	f.Ln(4)
	w.color(colText)
}

// drawFactsheetFoot writes the fact sheet's sources, rule and questions.
func (r *report) drawFactsheetFoot(w *writer) {
	l := r.lang
	f := w.pdf
	f.Ln(1)
	w.draw(colRule)
	f.SetLineWidth(0.2)
	f.Line(marginL, f.GetY(), pageW-marginR, f.GetY())
	f.Ln(1.5)
	seen := map[string]bool{}
	var sources []string
	var rule string
	for _, a := range r.answers {
		if a.res == nil {
			continue
		}
		for _, s := range a.res.Sources {
			if !seen[s.ID] {
				seen[s.ID] = true
				sources = append(sources, reports.SourceLine(s, l))
			}
		}
		if rule == "" {
			rule = a.res.Disclosure.Rule
		}
	}
	line := strings.Join(sources, "; ")
	if l == question.Italian {
		line = strings.ReplaceAll(line, "not verified", "da verificare")
	}
	w.note(l.Pick("Fonti: ", "Sources: ") + line + ".")
	if rule != "" {
		// The engine computes shares from the published figures: said
		// once, beside the rounding, so that a reader who divides two
		// figures of the sheet knows why the result matches.
		rule += l.Pick(" Le quote sono calcolate dalle cifre pubblicate, già arrotondate.", " Shares are computed from the published, rounded figures.")
		w.note(l.Pick("Riservatezza: ", "Disclosure: ") + rule)
	}
	var qs []string
	for _, a := range r.answers {
		if a.res != nil {
			qs = append(qs, a.ref(l)+" "+a.canonical)
		}
	}
	w.note(l.Pick("Domande (ripetibili con wi ask --role press): ", "Questions (repeat them with wi ask --role press): ") + strings.Join(qs, " · "))
	r.drawContact(w)
}

// drawContact writes the fact sheet's contact line, from the template; a
// template without one gets a marked place to fill in before the sheet
// goes out.
func (r *report) drawContact(w *writer) {
	l := r.lang
	f := w.pdf
	s, err := r.execText(r.tpl.Contact.In(l), &r.data, nil, nil)
	if s = strings.Join(strings.Fields(s), " "); err == nil && s != "" {
		w.font("B", 8.5)
		w.color(colHeading)
		f.MultiCell(contentW, 4.2, s, "", "L", false)
		w.color(colText)
		w.logf("contact", "%s", s)
		w.doc.Paragraph("", s)
		return
	}
	label := l.Pick("DA COMPLETARE — contatti per la stampa", "TO BE WRITTEN — press contact")
	hint := l.Pick("Nome, telefono ed email di chi risponde sulle cifre (un modello scheda.yaml con contact: in --templates la scrive da sé).",
		"Name, phone and email of who answers on the figures (a scheda.yaml template with contact: in --templates writes it).")
	f.Ln(0.5)
	y := f.GetY()
	w.fill(colWriter)
	f.Rect(marginL, y, contentW, 9, "F")
	w.draw(colWriterLine)
	f.SetLineWidth(0.3)
	f.SetDashPattern([]float64{1.2, 0.9}, 0)
	f.Rect(marginL, y, contentW, 9, "D")
	f.SetDashPattern(nil, 0)
	w.font("B", 8)
	w.color(colWriterLine)
	f.SetXY(marginL+2, y+1)
	f.CellFormat(contentW-4, 3.5, label, "", 0, "L", false, 0, "")
	w.font("I", 7.5)
	w.color(colMuted)
	f.SetXY(marginL+2, y+4.6)
	f.CellFormat(contentW-4, 3.5, fit(f, hint, contentW-4), "", 0, "L", false, 0, "")
	w.color(colText)
	f.SetXY(marginL, y+10)
	w.logf("writer", "%s — %s", label, hint)
	w.doc.WriterBox(label, hint)
}

// inPlaceIT puts the Italian preposition before a place name: "nel
// Municipio 9", "nella Città demo", "a Cà Granda", "a Milano".
func inPlaceIT(name string) string { return question.InPlace(name) }

// dataYears says the year of the data and the years the target's series
// covers, read from the demand answer the document asked (the catalog's
// years may hold other targets only): "2011 (un solo anno di dati)",
// "2024 (serie dal 2020)".
func (r *report) dataYears() string {
	l, d := r.lang, r.data
	first := d.FirstYear
	for _, a := range r.answers {
		if a.res == nil || !strings.HasPrefix(a.canonical, "howmuch demand") || len(a.res.Columns) == 0 || a.res.Columns[0].Name != "year" {
			continue
		}
		first = d.Year
		for _, row := range a.res.Rows {
			if y, ok := row[0].Raw().(int64); ok && int(y) < first {
				first = int(y)
			}
		}
		break
	}
	if first >= d.Year {
		return fmt.Sprintf(l.Pick("%d (un solo anno di dati)", "%d (one year of data)"), d.Year)
	}
	return fmt.Sprintf(l.Pick("%d (serie dal %d)", "%d (series from %d)"), d.Year, first)
}

// disclosureItems writes the disclosure rules of the answers once: the
// sentences every answer states, then each sentence some answers add, with
// the questions it applies to.
func (r *report) disclosureItems() []string {
	var order []string
	refs := map[string][]string{}
	n := 0
	for _, a := range r.answers {
		if a.res == nil || a.res.Disclosure.Rule == "" {
			continue
		}
		n++
		for _, sent := range sentences(a.res.Disclosure.Rule) {
			if _, ok := refs[sent]; !ok {
				order = append(order, sent)
			}
			if !slices.Contains(refs[sent], a.ref(r.lang)) {
				refs[sent] = append(refs[sent], a.ref(r.lang))
			}
		}
	}
	var common, own []string
	for _, sent := range order {
		if len(refs[sent]) == n {
			common = append(common, sent)
		} else {
			own = append(own, sent+" ["+strings.Join(refs[sent], ", ")+"]")
		}
	}
	var out []string
	if len(common) > 0 {
		out = append(out, strings.Join(common, " "))
	}
	return append(out, own...)
}

// sentences splits a text at ". " before a capital letter.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' {
			if r, _ := utf8.DecodeRuneInString(s[i+2:]); unicode.IsUpper(r) {
				out = append(out, strings.TrimSpace(s[start:i+1]))
				start = i + 2
			}
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}
