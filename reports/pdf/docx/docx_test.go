package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var when = time.Date(2025, time.March, 14, 10, 0, 0, 0, time.UTC)

func sample() *Document {
	d := New("Analisi del contesto", "it-IT", when)
	d.TitleLine("Anziani soli")
	d.Heading(1, "1. Il territorio")
	d.Paragraph("", "Nel Municipio 9 vivono 9.737 anziani soli & altri <pochi>. [D1]")
	d.Bullet("Primo punto [D2]")
	d.Table([]string{"area", "numero"}, [][]string{{"Municipio 9", "9.737"}, {"Città demo", "97.900"}}, []bool{false, true})
	d.Heading(2, "Punti di forza")
	d.Box("Messaggi chiave", []string{"Uno", "Due"})
	d.WriterBox("DA COMPLETARE — la rete informale", "Descrivete le reti di vicinato.")
	d.Paragraph("Note", "D1: profile area=municipio-9")
	return d
}

// read opens a .docx: its files by name.
func read(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(data)
	}
	return out
}

// paragraph is what a test reads of a w:p: its style and its text.
type paragraph struct{ style, text string }

// body reads the paragraphs and the tables of document.xml.
func body(t *testing.T, doc string) (paras []paragraph, tables [][][]string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	var cur *paragraph
	var row []string
	var table [][]string
	inTable := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml does not parse: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "p":
				cur = &paragraph{}
			case "pStyle":
				for _, a := range x.Attr {
					if a.Name.Local == "val" && cur != nil {
						cur.style = a.Value
					}
				}
			case "tab":
				if cur != nil {
					cur.text += "\t"
				}
			case "tbl":
				inTable++
				table = nil
			case "tr":
				row = nil
			}
		case xml.CharData:
			if cur != nil {
				cur.text += string(x)
			}
		case xml.EndElement:
			switch x.Name.Local {
			case "p":
				if inTable > 0 {
					row = append(row, cur.text)
				} else {
					paras = append(paras, *cur)
				}
				cur = nil
			case "tr":
				table = append(table, row)
			case "tbl":
				inTable--
				tables = append(tables, table)
			}
		}
	}
	return paras, tables
}

func TestDocumentParts(t *testing.T) {
	b, err := sample().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	files := read(t, b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s in the package", name)
			continue
		}
		if err := xml.Unmarshal([]byte(files[name]), new(struct{})); err != nil {
			t.Errorf("%s is not XML: %v", name, err)
		}
	}
	paras, tables := body(t, files["word/document.xml"])
	want := []paragraph{
		{"Title", "Anziani soli"},
		{"Heading1", "1. Il territorio"},
		{"", "Nel Municipio 9 vivono 9.737 anziani soli & altri <pochi>. [D1]"},
		{"ListBullet", "•\tPrimo punto [D2]"},
		{"", ""},
		{"Heading2", "Punti di forza"},
		{"Box", "Messaggi chiave"},
		{"Box", "•\tUno"},
		{"Box", "•\tDue"},
		{"WriterBox", "DA COMPLETARE — la rete informale"},
		{"WriterBox", "Descrivete le reti di vicinato."},
		{"WriterBox", ""},
		{"Note", "D1: profile area=municipio-9"},
	}
	if len(paras) != len(want) {
		t.Fatalf("%d paragraphs, want %d: %q", len(paras), len(want), paras)
	}
	for i := range want {
		if paras[i] != want[i] {
			t.Errorf("paragraph %d = %q, want %q", i, paras[i], want[i])
		}
	}
	if len(tables) != 1 || len(tables[0]) != 3 || strings.Join(tables[0][2], "|") != "Città demo|97.900" || strings.Join(tables[0][0], "|") != "area|numero" {
		t.Errorf("tables %q", tables)
	}
	for _, style := range []string{"Heading1", "Heading2", "Title", "ListBullet", "Box", "WriterBox", "Note", "Caption", "TableText"} {
		if !strings.Contains(files["word/styles.xml"], `w:styleId="`+style+`"`) {
			t.Errorf("styles.xml lacks %s", style)
		}
	}
	if !strings.Contains(files["docProps/core.xml"], "2025-03-14T10:00:00Z") {
		t.Errorf("core.xml lacks the date:\n%s", files["docProps/core.xml"])
	}
}

func TestSameCallsSameBytes(t *testing.T) {
	a, _ := sample().Bytes()
	b, _ := sample().Bytes()
	if !bytes.Equal(a, b) {
		t.Error("the same document gave two different files")
	}
}

// TestLibreOfficeOpensIt converts the document to PDF with LibreOffice
// headless, where it is installed (Debian: libreoffice-writer-nogui); CI
// must have it.
func TestLibreOfficeOpensIt(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		msg := "soffice is not installed (Debian: apt-get install libreoffice-writer-nogui)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI must install it")
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "prova.docx")
	b, _ := sample().Bytes()
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if st, err := os.Stat(filepath.Join(dir, "prova.pdf")); err != nil || st.Size() == 0 {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
}

// picture is a small PNG: a blue square on white.
func picture(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{22, 59, 93, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImagesAreInlinePictures reads a document with two pictures back: each
// is a word/media PNG that decodes, has a relationship of type image, is
// drawn inline by that relationship with the picture's proportions, and
// the package declares the PNG content type; LibreOffice still opens it.
func TestImagesAreInlinePictures(t *testing.T) {
	d := sample()
	if err := d.Image(picture(t, 400, 200), 150, `Grafico "uno" & due`); err != nil {
		t.Fatal(err)
	}
	if err := d.Image(picture(t, 100, 100), 80, "Mappa"); err != nil {
		t.Fatal(err)
	}
	if err := d.Image([]byte("not a png"), 80, "x"); err == nil {
		t.Error("a file that is not a PNG was accepted")
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	files := read(t, b)
	if !strings.Contains(files["[Content_Types].xml"], `Extension="png" ContentType="image/png"`) {
		t.Error("[Content_Types].xml does not declare PNG")
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal([]byte(files["word/_rels/document.xml.rels"]), &rels); err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/image") {
			targets[r.ID] = "word/" + r.Target
		}
	}
	if len(targets) != 2 {
		t.Fatalf("%d image relationships, want 2: %+v", len(targets), rels)
	}
	doc := files["word/document.xml"]
	if err := xml.Unmarshal([]byte(doc), new(struct{})); err != nil {
		t.Fatalf("document.xml: %v", err)
	}
	embeds := regexp.MustCompile(`r:embed="([^"]+)"`).FindAllStringSubmatch(doc, -1)
	if len(embeds) != 2 {
		t.Fatalf("%d pictures drawn, want 2", len(embeds))
	}
	for _, e := range embeds {
		name, ok := targets[e[1]]
		if !ok {
			t.Errorf("picture %s has no relationship", e[1])
			continue
		}
		img, err := png.Decode(strings.NewReader(files[name]))
		if err != nil {
			t.Errorf("%s does not decode: %v", name, err)
			continue
		}
		if img.Bounds().Dx() == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	if !strings.Contains(doc, `<wp:extent cx="5400000" cy="2700000"/>`) {
		t.Error("the first picture is not 150 mm by 75 mm")
	}
	if !strings.Contains(doc, `descr="Grafico &#34;uno&#34; &amp; due"`) {
		t.Error("the description is not escaped")
	}
	again, _ := d.Bytes()
	if !bytes.Equal(b, again) {
		t.Error("the same document gave two different files")
	}
	if soffice, err := exec.LookPath("soffice"); err == nil {
		dir := t.TempDir()
		in := filepath.Join(dir, "figure.docx")
		if err := os.WriteFile(in, b, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		if st, err := os.Stat(filepath.Join(dir, "figure.pdf")); err != nil || st.Size() == 0 {
			t.Fatalf("LibreOffice wrote no PDF: %v", err)
		}
		if pdfimages, err := exec.LookPath("pdfimages"); err == nil {
			out, _ := exec.Command(pdfimages, "-list", filepath.Join(dir, "figure.pdf")).CombinedOutput()
			if n := strings.Count(strings.TrimSpace(string(out)), "\n") - 1; n < 2 {
				t.Errorf("LibreOffice's PDF has %d images, want 2:\n%s", n, out)
			}
		}
	}
}
