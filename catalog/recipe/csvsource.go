package recipe

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// row is one source row (a CSV record or a GeoJSON feature's properties),
// with the lookup row it joined, if any.
type row struct {
	line int
	cols map[string]int
	vals []string
	dec  byte // the decimal separator of the file the row came from
	join *row
}

// cell returns the trimmed text of a column, from the row or else from the
// joined lookup row, with the decimal separator of its file.
func (r *row) cell(name string) (string, byte, bool) {
	if i, ok := r.cols[name]; ok && i < len(r.vals) {
		return r.vals[i], r.dec, true
	}
	if r.join != nil {
		return r.join.cell(name)
	}
	return "", 0, false
}

// text is a cell as templates and join keys use it: integers written with a
// zero fraction ("12.0", or "12,0" in a decimal-comma file) lose it.
func (r *row) text(name string) (string, bool) {
	v, dec, ok := r.cell(name)
	return trimZeroFraction(v, dec), ok
}

func trimZeroFraction(v string, dec byte) string {
	i := strings.IndexByte(v, dec)
	if i <= 0 || i == len(v)-1 || strings.Trim(v[i+1:], "0") != "" {
		return v
	}
	for j := 0; j < i; j++ {
		if c := v[j]; !(c >= '0' && c <= '9' || j == 0 && c == '-') {
			return v
		}
	}
	return v[:i]
}

// csvSource reads a delimited text file: UTF-8 with or without a BOM, LF or
// CRLF, RFC 4180 quoting.
type csvSource struct {
	path   string // as printed in messages
	f      *os.File
	r      *csv.Reader
	header []string
	cols   map[string]int
}

// openCSV opens path and reads its header. If h is not nil it receives every
// byte of the file.
func openCSV(path string, delim rune, h io.Writer) (*csvSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var in io.Reader = f
	if h != nil {
		in = io.TeeReader(f, h)
	}
	br := bufio.NewReaderSize(in, 1<<16)
	if b, _ := br.Peek(3); string(b) == "\ufeff" {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	s := &csvSource{path: path, f: f, r: r, cols: map[string]int{}}
	hdr, err := r.Read()
	if err != nil {
		f.Close()
		if err == io.EOF {
			return nil, &Error{File: path, Msg: "empty file: expected a header line"}
		}
		return nil, s.wrap(err)
	}
	for i, name := range hdr {
		name = strings.TrimSpace(name)
		s.header = append(s.header, name)
		if _, dup := s.cols[name]; !dup {
			s.cols[name] = i
		}
	}
	return s, nil
}

// next returns the next record (trimmed cells, valid until the next call)
// and its first line, or io.EOF.
func (s *csvSource) next() ([]string, int, error) {
	rec, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, 0, err
		}
		return nil, 0, s.wrap(err)
	}
	line, _ := s.r.FieldPos(0)
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	return rec, line, nil
}

func (s *csvSource) wrap(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: s.path, Line: pe.Line, Col: pe.Column, Msg: pe.Err.Error()}
	}
	return fmt.Errorf("read %s: %w", s.path, err)
}

// drain reads what is left of the file, so a hash sees every byte.
func (s *csvSource) drain() error {
	_, err := io.Copy(io.Discard, s.f)
	return err
}

func (s *csvSource) close() { s.f.Close() }

// lookup is a joined file (CSV, or a GeoJSON's feature properties) held in
// memory, by key.
type lookup struct {
	path   string
	header []string
	cols   map[string]int
	rows   map[string]*row
	fold   bool // keys are compared upper-cased
}

// key returns the lookup key of a source value.
func (lk *lookup) key(v string) string {
	if lk.fold {
		return strings.ToUpper(v)
	}
	return v
}

// isGeoJSONPath reports whether a lookup file is GeoJSON, by its extension.
func isGeoJSONPath(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".geojson" || ext == ".json"
}

// readLookup reads a whole lookup file keyed by column key: a CSV file, or
// the feature properties of a GeoJSON file (line = feature index). A key
// that appears twice with different rows is an error: the join would be
// ambiguous. With fold, keys are upper-cased.
func readLookup(path string, delim rune, dec byte, key string, fold bool) (*lookup, error) {
	lk := &lookup{path: path, rows: map[string]*row{}, fold: fold}
	add := func(r *row, k string) error {
		k = lk.key(trimZeroFraction(k, r.dec))
		if old, dup := lk.rows[k]; dup {
			if strings.Join(old.vals, "\x00") != strings.Join(r.vals, "\x00") {
				return &Error{File: path, Line: r.line, Msg: fmt.Sprintf("duplicate key %s %q (first at line %d) with different values", key, k, old.line)}
			}
			return nil
		}
		lk.rows[k] = r
		return nil
	}
	if isGeoJSONPath(path) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		lk.cols = map[string]int{}
		var feats []*row
		err = readGeoJSON(context.Background(), path, data, 0, func(f feature) error {
			for k := range f.props.cols {
				if _, ok := lk.cols[k]; !ok {
					lk.cols[k] = len(lk.header)
					lk.header = append(lk.header, k)
				}
			}
			feats = append(feats, f.props)
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, f := range feats {
			// One column order for every feature, as a CSV row has.
			vals := make([]string, len(lk.header))
			for k, i := range f.cols {
				vals[lk.cols[k]] = f.vals[i]
			}
			r := &row{line: f.line, cols: lk.cols, vals: vals, dec: '.'}
			if k, ok := f.cols[key]; ok {
				if err := add(r, f.vals[k]); err != nil {
					return nil, err
				}
			}
		}
		return lk, nil
	}
	s, err := openCSV(path, delim, nil)
	if err != nil {
		return nil, err
	}
	defer s.close()
	lk.header, lk.cols = s.header, s.cols
	ki, ok := s.cols[key]
	if !ok {
		return lk, nil // the caller reports the unknown key column
	}
	for {
		rec, line, err := s.next()
		if err == io.EOF {
			return lk, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rec) != len(s.header) {
			return nil, &Error{File: path, Line: line, Msg: fmt.Sprintf("expected %d fields as in the header, got %d", len(s.header), len(rec))}
		}
		r := &row{line: line, cols: s.cols, vals: append([]string(nil), rec...), dec: dec}
		if err := add(r, rec[ki]); err != nil {
			return nil, err
		}
	}
}
