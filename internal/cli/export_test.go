package cli

import (
	"encoding/csv"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestExportWithheldCells: an answer with withheld cells (the catchment of
// a centre: the areas where few people are in it are not published) goes
// to CSV with each withheld cell empty and "c" in the flag column beside
// it, and to XLSX the same way; the spreadsheet, opened back with
// excelize, holds cell by cell what the CSV holds.
func TestExportWithheldCells(t *testing.T) {
	const q = "dove servito da=centro-anziani-001 target=anziani"
	r := run(nil, "ask", "--format", "csv", q)
	if r.code != 0 {
		t.Fatalf("csv: exit %d: %s", r.code, r.errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.out, "\ufeff"))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	head := recs[0]
	flags := 0
	for i, h := range head {
		if !strings.HasSuffix(h, "_flag") {
			continue
		}
		if i == 0 || strings.HasSuffix(head[i-1], "_flag") {
			t.Fatalf("flag column %q does not follow its column: %q", h, head)
		}
		for _, rec := range recs[1:] {
			switch rec[i] {
			case "c":
				flags++
				if rec[i-1] != "" {
					t.Errorf("%s: flagged but not empty: %q", head[i-1], rec)
				}
			case "":
				if rec[i-1] == "" {
					t.Errorf("%s: empty but not flagged: %q", head[i-1], rec)
				}
				if _, err := strconv.ParseFloat(rec[i-1], 64); err != nil {
					t.Errorf("%s: %q is not a machine-readable number", head[i-1], rec[i-1])
				}
			default:
				t.Errorf("%s: flag %q, want c or nothing", h, rec[i])
			}
		}
	}
	if flags == 0 {
		t.Fatalf("no withheld cell in the answer, the test proves nothing:\n%s", r.out)
	}
	if strings.Contains(r.out, ":c") {
		t.Errorf("a withheld cell written as :c in the CSV")
	}

	out := filepath.Join(t.TempDir(), "served.xlsx")
	if r := run(nil, "ask", "--format", "xlsx", "--out", out, q); r.code != 0 {
		t.Fatalf("xlsx: exit %d: %s", r.code, r.errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	for i, rec := range recs {
		for j, want := range rec {
			cell, _ := excelize.CoordinatesToCellName(j+1, 3+i)
			got, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				if strings.HasSuffix(want, "_flag") { // the spreadsheet heads it with the label
					if !strings.HasSuffix(got, " (flag)") || got != strings.TrimSuffix(rec[j-1], " (persone)")+" (flag)" && !strings.HasPrefix(rec[j-1], strings.TrimSuffix(got, " (flag)")) {
						t.Errorf("%s: header %q, want the (flag) column of %q", cell, got, rec[j-1])
					}
					continue
				}
			} else if a, errA := strconv.ParseFloat(want, 64); errA == nil {
				// A spreadsheet keeps 15 significant digits.
				if b, errB := strconv.ParseFloat(got, 64); errB != nil || math.Abs(a-b) > 1e-12*math.Max(1, math.Abs(a)) {
					t.Errorf("%s = %q, CSV has %q", cell, got, want)
				}
				continue
			}
			if got != want {
				t.Errorf("%s = %q, CSV has %q", cell, got, want)
			}
		}
	}
}
