// Package docx writes minimal WordprocessingML (.docx) documents that Word
// and LibreOffice open and edit: headings as heading styles, paragraphs,
// bulleted items, tables as tables, shaded boxes, and bordered boxes left
// for the writer to fill in. No maintained Go library for DOCX is usable
// here (gooxml is not served, unioffice needs a paid licence), and a
// dossier needs only this much of the format.
//
// Output is deterministic: the same calls give the same bytes (every zip
// entry carries the document's date). The package knows nothing about
// dossiers: it writes what it is given.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"strings"
	"time"
)

// Document is a document being written.
type Document struct {
	Title   string
	Lang    string    // e.g. "it-IT"
	Created time.Time // written in the properties and as every entry's date
	body    strings.Builder
	media   [][]byte // PNG pictures, word/media/image1.png …, relationship rIdImgN
}

// New starts a document.
func New(title, lang string, created time.Time) *Document {
	return &Document{Title: title, Lang: lang, Created: created}
}

// Heading writes a heading of level 1 to 3 (Word's "Heading N" styles, so
// that the navigation pane and a table of contents see it).
func (d *Document) Heading(level int, text string) {
	level = max(1, min(level, 3))
	d.para(fmt.Sprintf("Heading%d", level), text, "")
}

// TitleLine writes the document's title (the "Title" style).
func (d *Document) TitleLine(text string) { d.para("Title", text, "") }

// Paragraph writes running text in a style: "" (normal), "Subtitle",
// "Caption" or "Note" (small text: sources, method notes).
func (d *Document) Paragraph(style, text string) { d.para(style, text, "") }

// Bullet writes an item of a bulleted list.
func (d *Document) Bullet(text string) { d.para("ListBullet", "•\t"+text, "") }

// Box writes a shaded box: a bold title and its items, one paragraph each.
func (d *Document) Box(title string, items []string) {
	d.para("Box", title, `<w:b/>`)
	for _, it := range items {
		d.para("Box", "•\t"+it, "")
	}
}

// WriterBox writes a bordered box the writer fills in: a title, a hint,
// and an empty paragraph to type into.
func (d *Document) WriterBox(title, hint string) {
	d.para("WriterBox", title, `<w:b/>`)
	d.para("WriterBox", hint, `<w:i/>`)
	d.para("WriterBox", "", "")
}

// Table writes a table with a header row repeated on each page; right
// marks the columns aligned right (numbers).
func (d *Document) Table(head []string, rows [][]string, right []bool) {
	b := &d.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Table"/><w:tblW w:w="5000" w:type="pct"/>`)
	b.WriteString(`<w:tblBorders><w:top w:val="single" w:sz="4" w:color="BEC4CC"/><w:bottom w:val="single" w:sz="4" w:color="BEC4CC"/><w:insideH w:val="single" w:sz="2" w:color="BEC4CC"/></w:tblBorders>`)
	b.WriteString(`<w:tblLook w:val="0020" w:firstRow="1"/></w:tblPr><w:tblGrid>`)
	for range head {
		b.WriteString(`<w:gridCol/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	row := func(cells []string, header bool) {
		b.WriteString(`<w:tr>`)
		if header {
			b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for i := range head {
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			b.WriteString(`<w:tc>`)
			if header {
				b.WriteString(`<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="163B5D"/></w:tcPr>`)
			}
			jc := ""
			if i < len(right) && right[i] {
				jc = `<w:jc w:val="right"/>`
			}
			rpr := ""
			if header {
				rpr = `<w:b/><w:color w:val="FFFFFF"/>`
			}
			fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="TableText"/>%s</w:pPr>%s</w:p></w:tc>`, jc, run(s, rpr))
		}
		b.WriteString(`</w:tr>`)
	}
	row(head, true)
	for _, r := range rows {
		row(r, false)
	}
	b.WriteString(`</w:tbl>`)
	d.para("", "", "") // Word needs a paragraph between two tables
}

// emuPerMM converts millimetres to English Metric Units (DrawingML's unit).
const emuPerMM = 36000

// Image writes a PNG picture inline in a paragraph of its own, widthMM
// wide (the height keeps the picture's proportions), with a description
// for screen readers. The picture is stored as word/media/imageN.png and
// referenced from the document by a relationship.
func (d *Document) Image(pic []byte, widthMM float64, descr string) error {
	cfg, err := png.DecodeConfig(bytes.NewReader(pic))
	if err != nil {
		return fmt.Errorf("docx image: %w", err)
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		return fmt.Errorf("docx image: empty picture")
	}
	d.media = append(d.media, pic)
	n := len(d.media)
	cx := int64(widthMM * emuPerMM)
	cy := cx * int64(cfg.Height) / int64(cfg.Width)
	b := &d.body
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing>`)
	fmt.Fprintf(b, `<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`, cx, cy)
	fmt.Fprintf(b, `<wp:docPr id="%d" name="Figura %d" descr="%s"/>`, n, n, escapeAttr(descr))
	b.WriteString(`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`)
	b.WriteString(`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`)
	fmt.Fprintf(b, `<pic:nvPicPr><pic:cNvPr id="%d" name="image%d.png" descr="%s"/><pic:cNvPicPr/></pic:nvPicPr>`, n, n, escapeAttr(descr))
	fmt.Fprintf(b, `<pic:blipFill><a:blip r:embed="rIdImg%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`, n)
	fmt.Fprintf(b, `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`, cx, cy)
	b.WriteString(`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
	return nil
}

// Images returns how many pictures the document has.
func (d *Document) Images() int { return len(d.media) }

func escapeAttr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(strings.Join(strings.Fields(s), " ")))
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}

func (d *Document) para(style, text, rpr string) {
	b := &d.body
	b.WriteString(`<w:p>`)
	if style != "" {
		fmt.Fprintf(b, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, style)
	}
	b.WriteString(run(text, rpr))
	b.WriteString(`</w:p>`)
}

// run writes text as a run, tabs as tabs, with run properties.
func run(text, rpr string) string {
	if text == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<w:r>`)
	if rpr != "" {
		b.WriteString(`<w:rPr>` + rpr + `</w:rPr>`)
	}
	for i, part := range strings.Split(text, "\t") {
		if i > 0 {
			b.WriteString(`<w:tab/>`)
		}
		if part != "" {
			b.WriteString(`<w:t xml:space="preserve">`)
			b.WriteString(escape(part))
			b.WriteString(`</w:t>`)
		}
	}
	b.WriteString(`</w:r>`)
	return b.String()
}

func escape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Write writes the document as a .docx file.
func (d *Document) Write(w io.Writer) error {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	when := d.Created
	if when.IsZero() {
		when = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	files := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", fmt.Sprintf(coreXML, escape(d.Title), when.UTC().Format(time.RFC3339), when.UTC().Format(time.RFC3339))},
		{"word/_rels/document.xml.rels", d.rels()},
		{"word/styles.xml", fmt.Sprintf(stylesXML, d.lang())},
		{"word/document.xml", xml.Header + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP + `" xmlns:a="` + nsA + `" xmlns:pic="` + nsPic + `"><w:body>` + d.body.String() +
			`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1020" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>`},
	}
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: when}
		fw, err := z.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("docx %s: %w", f.name, err)
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return fmt.Errorf("docx %s: %w", f.name, err)
		}
	}
	for i, pic := range d.media {
		// PNG is compressed already: stored, not deflated again.
		h := &zip.FileHeader{Name: fmt.Sprintf("word/media/image%d.png", i+1), Method: zip.Store, Modified: when}
		fw, err := z.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("docx image %d: %w", i+1, err)
		}
		if _, err := fw.Write(pic); err != nil {
			return fmt.Errorf("docx image %d: %w", i+1, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Bytes returns the document as a .docx file.
func (d *Document) Bytes() ([]byte, error) {
	var b bytes.Buffer
	err := d.Write(&b)
	return b.Bytes(), err
}

func (d *Document) lang() string {
	if d.Lang == "" {
		return "it-IT"
	}
	return d.Lang
}

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsWP  = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	nsA   = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsPic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
)

// rels is word/_rels/document.xml.rels: the styles and every picture.
func (d *Document) rels() string {
	var b strings.Builder
	b.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	b.WriteString(`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	for i := range d.media {
		fmt.Fprintf(&b, `<Relationship Id="rIdImg%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image%d.png"/>`, i+1, i+1)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const coreXML = xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<dc:title>%s</dc:title><dc:creator>wi — Welfare Intelligence</dc:creator>` +
	`<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>` +
	`</cp:coreProperties>`

// stylesXML defines the styles the writer uses; %s is the language.
const stylesXML = xml.Header + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="21"/><w:lang w:val="%s"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:b/><w:color w:val="163B5D"/><w:sz w:val="48"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:i/><w:color w:val="696969"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="163B5D"/><w:sz w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="163B5D"/><w:sz w:val="26"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="22"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:color w:val="163B5D"/><w:sz w:val="18"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Figure"><w:name w:val="Figure"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="60" w:after="60"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="555555"/><w:sz w:val="16"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="284"/></w:tabs><w:ind w:left="284" w:hanging="284"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="17"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Box"><w:name w:val="Box"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:shd w:val="clear" w:color="auto" w:fill="E8EFF6"/><w:tabs><w:tab w:val="left" w:pos="284"/></w:tabs><w:ind w:left="142" w:right="142"/><w:spacing w:after="0"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="WriterBox"><w:name w:val="Writer Box"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:top w:val="dashed" w:sz="6" w:space="4" w:color="B07800"/><w:left w:val="dashed" w:sz="6" w:space="4" w:color="B07800"/><w:bottom w:val="dashed" w:sz="6" w:space="4" w:color="B07800"/><w:right w:val="dashed" w:sz="6" w:space="4" w:color="B07800"/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="FFFAEB"/><w:ind w:left="142" w:right="142"/></w:pPr></w:style>` +
	`<w:style w:type="table" w:styleId="Table"><w:name w:val="Table"/><w:tblPr><w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`
