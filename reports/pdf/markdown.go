package pdf

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/welfare-intelligence/wi/reports/pdf/docx"
)

// markdown writes a report as Markdown (CommonMark with GitHub's pipe
// tables): headings, paragraphs, lists, tables, the key messages as a
// block quote, the writer's places as marked block quotes, and the figures
// as PNG files beside the text, linked with their captions.
type markdown struct {
	b    strings.Builder
	figs [][]byte
}

// figToken stands for the base name of the figure files until the
// Markdown is written under a name (Document.Markdown).
const figToken = "\x00fig\x00"

func (m *markdown) block(s string) {
	if m.b.Len() > 0 {
		m.b.WriteString("\n")
	}
	m.b.WriteString(s)
	m.b.WriteString("\n")
}

// mdEscape escapes what Markdown would read as markup in running text:
// emphasis, code, HTML, and list or heading marks at the start. Citations
// like "[D3]" stay as they are: without a link after them they are text.
func mdEscape(s string) string {
	var b strings.Builder
	prev := ' '
	for i, r := range s {
		switch r {
		case '\\', '*', '`', '<':
			b.WriteByte('\\')
		case '_':
			if prev == ' ' || prev == '(' {
				b.WriteByte('\\')
			}
		case '#', '-', '+', '>':
			if i == 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
		prev = r
	}
	out := b.String()
	// "1. Il territorio" at the start of a paragraph is not a list.
	if loc := orderedStart.FindStringIndex(out); loc != nil {
		out = out[:loc[1]-2] + "\\" + out[loc[1]-2:]
	}
	return out
}

var orderedStart = regexp.MustCompile(`^[0-9]{1,9}[.)] `)

// TitleLine and Heading write ATX headings, where a number at the start
// is no list: "## 1. Il territorio".
func (m *markdown) TitleLine(text string) { m.block("# " + mdEscape(" " + text)[1:]) }

func (m *markdown) Heading(level int, text string) {
	level = max(1, min(level, 3))
	m.block(strings.Repeat("#", level+1) + " " + mdEscape(" " + text)[1:])
}

func (m *markdown) Paragraph(style, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	t := mdEscape(strings.ReplaceAll(text, "\t", " "))
	switch style {
	case "Subtitle", "Note":
		m.block("*" + t + "*")
	case "Caption":
		m.block("**" + t + "**")
	case "Count":
		m.block("*" + t + "*")
	default:
		m.block(t)
	}
}

func (m *markdown) Bullet(text string) {
	// Items of one list follow each other without a blank line.
	s := m.b.String()
	if strings.HasSuffix(s, "\n") && strings.HasPrefix(lastLine(s), "- ") {
		m.b.WriteString("- " + mdEscape(text) + "\n")
		return
	}
	m.block("- " + mdEscape(text))
}

func lastLine(s string) string {
	s = strings.TrimSuffix(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func (m *markdown) Table(head []string, rows [][]string, right []bool) {
	var b strings.Builder
	cell := func(s string) string { return strings.ReplaceAll(strings.TrimSpace(mdEscape(s)), "|", `\|`) }
	b.WriteString("|")
	for _, h := range head {
		if h == "" {
			h = " "
		}
		b.WriteString(" " + cell(h) + " |")
	}
	b.WriteString("\n|")
	for i := range head {
		if i < len(right) && right[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	for _, r := range rows {
		b.WriteString("\n|")
		for i := range head {
			s := ""
			if i < len(r) {
				s = r[i]
			}
			b.WriteString(" " + cell(s) + " |")
		}
	}
	m.block(b.String())
}

func (m *markdown) Box(title string, items []string) {
	var b strings.Builder
	b.WriteString("> **" + mdEscape(title) + "**\n>")
	for _, it := range items {
		b.WriteString("\n> - " + mdEscape(it))
	}
	m.block(b.String())
}

func (m *markdown) WriterBox(title, hint string) {
	m.block("> **" + mdEscape(title) + "**\n>\n> *" + mdEscape(hint) + "*\n>\n> …")
}

func (m *markdown) Image(pic []byte, _ float64, alt string) error {
	m.figs = append(m.figs, pic)
	m.block(fmt.Sprintf("![%s](%s-fig-%d.png)", mdEscape(alt), figToken, len(m.figs)))
	return nil
}

// outs writes the editable versions of a report at once: the Word document
// and the Markdown.
type outs struct {
	docx *docx.Document
	md   *markdown
}

func (o *outs) TitleLine(text string) { o.docx.TitleLine(text); o.md.TitleLine(text) }
func (o *outs) Heading(level int, text string) {
	o.docx.Heading(level, text)
	o.md.Heading(level, text)
}
func (o *outs) Paragraph(style, text string) {
	ds := style
	if ds == "Count" {
		ds = "Note"
	}
	o.docx.Paragraph(ds, text)
	o.md.Paragraph(style, text)
}
func (o *outs) Bullet(text string) { o.docx.Bullet(text); o.md.Bullet(text) }
func (o *outs) Table(head []string, rows [][]string, right []bool) {
	o.docx.Table(head, rows, right)
	o.md.Table(head, rows, right)
}
func (o *outs) Box(title string, items []string) { o.docx.Box(title, items); o.md.Box(title, items) }
func (o *outs) WriterBox(title, hint string) {
	o.docx.WriterBox(title, hint)
	o.md.WriterBox(title, hint)
}
func (o *outs) Image(pic []byte, widthMM float64, alt string) error {
	if err := o.docx.Image(pic, widthMM, alt); err != nil {
		return err
	}
	return o.md.Image(pic, widthMM, alt)
}
