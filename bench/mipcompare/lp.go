package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
)

// lpWriter writes a model in CPLEX LP format, wrapping long expressions.
type lpWriter struct {
	w   *bufio.Writer
	col int
	err error
}

func newLP(w io.Writer) *lpWriter { return &lpWriter{w: bufio.NewWriterSize(w, 1<<16)} }

func (l *lpWriter) raw(s string) {
	if l.err != nil {
		return
	}
	_, l.err = l.w.WriteString(s)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			l.col = len(s) - 1 - i
			return
		}
	}
	l.col += len(s)
}

// line starts a new line with s.
func (l *lpWriter) line(s string) {
	if l.col > 0 {
		l.raw("\n")
	}
	l.raw(s)
}

// term appends "± c name", wrapping lines at about 200 characters. The
// first term of an expression is written with first = true.
func (l *lpWriter) term(c float64, name string, first bool) {
	num := strconv.FormatFloat(abs(c), 'g', -1, 64)
	var s string
	switch {
	case c < 0:
		s = " - " + num + " " + name
	case first:
		s = " " + num + " " + name
	default:
		s = " + " + num + " " + name
	}
	if c == 1 {
		s = " + " + name
		if first {
			s = " " + name
		}
	} else if c == -1 {
		s = " - " + name
	}
	if l.col+len(s) > 200 {
		l.raw("\n  ")
	}
	l.raw(s)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func (l *lpWriter) close() error {
	l.raw("\nEnd\n")
	if l.err != nil {
		return l.err
	}
	return l.w.Flush()
}

// writeLPFile creates path and calls body with a writer on it.
func writeLPFile(path string, body func(l *lpWriter)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	l := newLP(f)
	body(l)
	if err := l.close(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

// writePMedianLP writes the classical p-median model (ReVelle & Swain 1970):
//
//	min Σ_ij w_i d_ij x_ij  s.t.  Σ_j x_ij = 1 ∀i,  x_ij ≤ y_j ∀i,j,  Σ_j y_j = p,
//	x_ij ≥ 0, y_j binary.
func writePMedianLP(path string, n, m int, d []float64, w []float64, p int) error {
	return writeLPFile(path, func(l *lpWriter) {
		l.line(fmt.Sprintf("\\* p-median: %d clients, %d sites, p = %d *\\", n, m, p))
		l.line("Minimize")
		l.line(" cost:")
		first := true
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				if c := w[i] * d[i*m+j]; c != 0 {
					l.term(c, fmt.Sprintf("x%d_%d", i, j), first)
					first = false
				}
			}
		}
		if first {
			l.term(0, "y0", true)
		}
		l.line("Subject To")
		for i := 0; i < n; i++ {
			l.line(fmt.Sprintf(" a%d:", i))
			for j := 0; j < m; j++ {
				l.term(1, fmt.Sprintf("x%d_%d", i, j), j == 0)
			}
			l.raw(" = 1")
		}
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				l.line(fmt.Sprintf(" l%d_%d: x%d_%d - y%d <= 0", i, j, i, j, j))
			}
		}
		l.line(" p:")
		for j := 0; j < m; j++ {
			l.term(1, fmt.Sprintf("y%d", j), j == 0)
		}
		l.raw(fmt.Sprintf(" = %d", p))
		l.line("Binary")
		for j := 0; j < m; j++ {
			l.line(fmt.Sprintf(" y%d", j))
		}
	})
}

// writeCPMPLP writes the capacitated p-median model with single sourcing:
//
//	min Σ_ij d_ij x_ij  s.t.  Σ_j x_ij = 1 ∀i,  Σ_i q_i x_ij ≤ Q_j y_j ∀j,
//	x_ij ≤ y_j ∀i,j,  Σ_j y_j = p,  x, y binary.
func writeCPMPLP(path string, n int, d, q, capa []float64, p int) error {
	return writeLPFile(path, func(l *lpWriter) {
		l.line(fmt.Sprintf("\\* capacitated p-median: %d nodes, p = %d *\\", n, p))
		l.line("Minimize")
		l.line(" cost:")
		first := true
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if c := d[i*n+j]; c != 0 {
					l.term(c, fmt.Sprintf("x%d_%d", i, j), first)
					first = false
				}
			}
		}
		l.line("Subject To")
		for i := 0; i < n; i++ {
			l.line(fmt.Sprintf(" a%d:", i))
			for j := 0; j < n; j++ {
				l.term(1, fmt.Sprintf("x%d_%d", i, j), j == 0)
			}
			l.raw(" = 1")
		}
		for j := 0; j < n; j++ {
			l.line(fmt.Sprintf(" c%d:", j))
			first := true
			for i := 0; i < n; i++ {
				if q[i] != 0 {
					l.term(q[i], fmt.Sprintf("x%d_%d", i, j), first)
					first = false
				}
			}
			l.term(-capa[j], fmt.Sprintf("y%d", j), first)
			l.raw(" <= 0")
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				l.line(fmt.Sprintf(" l%d_%d: x%d_%d - y%d <= 0", i, j, i, j, j))
			}
		}
		l.line(" p:")
		for j := 0; j < n; j++ {
			l.term(1, fmt.Sprintf("y%d", j), j == 0)
		}
		l.raw(fmt.Sprintf(" = %d", p))
		l.line("Binary")
		for j := 0; j < n; j++ {
			l.line(fmt.Sprintf(" y%d", j))
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				l.line(fmt.Sprintf(" x%d_%d", i, j))
			}
		}
	})
}

// writeMCLPLP writes the maximal covering location model (Church & ReVelle
// 1974):
//
//	max Σ_i a_i z_i  s.t.  z_i ≤ Σ_{j ∈ N_i} y_j ∀i,  Σ_j y_j = p,
//	0 ≤ z_i ≤ 1, y binary,
//
// where N_i are the sites within the radius of client i.
func writeMCLPLP(path string, a []float64, cover [][]int, m, p int) error {
	n := len(a)
	return writeLPFile(path, func(l *lpWriter) {
		l.line(fmt.Sprintf("\\* MCLP: %d clients, %d sites, p = %d *\\", n, m, p))
		l.line("Maximize")
		l.line(" covered:")
		first := true
		for i := 0; i < n; i++ {
			if a[i] != 0 {
				l.term(a[i], fmt.Sprintf("z%d", i), first)
				first = false
			}
		}
		l.line("Subject To")
		for i := 0; i < n; i++ {
			l.line(fmt.Sprintf(" c%d: z%d", i, i))
			for _, j := range cover[i] {
				l.term(-1, fmt.Sprintf("y%d", j), false)
			}
			l.raw(" <= 0")
		}
		l.line(" p:")
		for j := 0; j < m; j++ {
			l.term(1, fmt.Sprintf("y%d", j), j == 0)
		}
		l.raw(fmt.Sprintf(" = %d", p))
		l.line("Bounds")
		for i := 0; i < n; i++ {
			l.line(fmt.Sprintf(" 0 <= z%d <= 1", i))
		}
		l.line("Binary")
		for j := 0; j < m; j++ {
			l.line(fmt.Sprintf(" y%d", j))
		}
	})
}

// writeTSPLP writes the asymmetric-form TSP with Miller–Tucker–Zemlin
// subtour elimination, lifted as Desrochers & Laporte (1991) propose:
//
//	min Σ_{i≠j} d_ij x_ij  s.t.  Σ_j x_ij = 1 ∀i,  Σ_i x_ij = 1 ∀j,
//	u_i − u_j + (n−1) x_ij + (n−3) x_ji ≤ n−2  ∀ i ≠ j ≥ 1,
//	1 ≤ u_i ≤ n−1, x binary.
func writeTSPLP(path string, n int, d []float64) error {
	return writeLPFile(path, func(l *lpWriter) {
		l.line(fmt.Sprintf("\\* TSP (MTZ, Desrochers-Laporte lifting): %d nodes *\\", n))
		l.line("Minimize")
		l.line(" length:")
		first := true
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i != j {
					l.term(d[i*n+j], fmt.Sprintf("x%d_%d", i, j), first)
					first = false
				}
			}
		}
		l.line("Subject To")
		for i := 0; i < n; i++ {
			l.line(fmt.Sprintf(" out%d:", i))
			first := true
			for j := 0; j < n; j++ {
				if j != i {
					l.term(1, fmt.Sprintf("x%d_%d", i, j), first)
					first = false
				}
			}
			l.raw(" = 1")
			l.line(fmt.Sprintf(" in%d:", i))
			first = true
			for j := 0; j < n; j++ {
				if j != i {
					l.term(1, fmt.Sprintf("x%d_%d", j, i), first)
					first = false
				}
			}
			l.raw(" = 1")
		}
		for i := 1; i < n; i++ {
			for j := 1; j < n; j++ {
				if i != j {
					l.line(fmt.Sprintf(" m%d_%d: u%d - u%d + %d x%d_%d + %d x%d_%d <= %d",
						i, j, i, j, n-1, i, j, n-3, j, i, n-2))
				}
			}
		}
		l.line("Bounds")
		for i := 1; i < n; i++ {
			l.line(fmt.Sprintf(" 1 <= u%d <= %d", i, n-1))
		}
		l.line("Binary")
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i != j {
					l.line(fmt.Sprintf(" x%d_%d", i, j))
				}
			}
		}
	})
}
