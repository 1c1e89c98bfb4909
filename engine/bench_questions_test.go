package engine_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
)

// benchKinds is one representative question per kind of question.
var benchKinds = []struct{ name, question string }{
	{"underserved", "where underserved target=anziani-soli radius=800m"},
	{"demand", "howmuch demand target=anziani-soli area=municipio-9"},
	{"priority", "where priority target=anziani-soli"},
	{"concentration", "where concentration target=stranieri"},
	{"reach", "where reach target=famiglie-monogenitoriali"},
	{"gap", "where gap service=asilo-nido"},
	{"capacity", "howmuch capacity service=asilo-nido area=municipio-9"},
	{"saturation", "which saturation service=rsa"},
	{"compare", "compare area=municipio-2,municipio-9 target=anziani-soli,minori"},
	{"profile", "profile area=municipio-9"},
	{"partners", "which partners target=anziani-soli area=municipio-9"},
	{"center", "which center service=rsa at=45.46,9.19"},
	{"overlap", "where overlap service=centro-anziani target=anziani-soli"},
	{"locate", "where locate service=centro-diurno-integrato target=anziani-soli count=3 radius=800m"},
	{"locate-10", "where locate service=centro-anziani target=anziani-soli count=10 radius=500m"},
	{"centers", "howmuch centers service=centro-anziani target=anziani-soli coverage=90%"},
	{"centers-95-500m", "howmuch centers service=centro-anziani target=anziani-soli coverage=95% radius=500m"},
	{"centers-95-800m", "howmuch centers service=centro-anziani target=anziani-soli coverage=95% radius=800m"},
	{"locate-50-800m", "where locate service=centro-anziani target=anziani-soli count=50 radius=800m"},
	{"route", "when route from=centro-anziani-004 area=municipio-1 target=anziani-soli visits=30"},
	{"allocate", "allocate budget=500k target=anziani-soli"},
}

// BenchmarkQuestionKinds answers each kind of question on an open catalog
// (the Milan-size demo city, or the catalog in $WI_BENCH_CATALOG, e.g. a
// 400,000-section one; $WI_BENCH_CACHE_POINTS sets the engine's cache) and reports the median (p50) and 90th percentile
// latency of its answers. The first answer of each kind, which fills the
// engine's cache, is timed apart as "first-ms".
func BenchmarkQuestionKinds(b *testing.B) {
	path := os.Getenv("WI_BENCH_CATALOG")
	if path == "" {
		path = demoCatalog(b)
	}
	ctx := context.Background()
	c, err := catalog.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	var opts engine.Options
	if n, err := strconv.Atoi(os.Getenv("WI_BENCH_CACHE_POINTS")); err == nil {
		opts.CachePoints = n
	}
	eng := engine.New(c, opts)
	v, err := eng.Vocabulary(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range benchKinds {
		b.Run(k.name, func(b *testing.B) {
			plan, err := dsl.Compile(k.question, v)
			if err != nil {
				b.Skipf("%s: %v", k.question, err)
			}
			req := engine.Request{Question: k.question, Plan: plan}
			start := time.Now()
			if _, err := eng.Exec(ctx, req); errors.Is(err, engine.ErrNotAvailable) {
				b.Skip("not available yet")
			} else if err != nil {
				b.Fatal(err)
			}
			first := time.Since(start)
			var times []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := eng.Exec(ctx, req); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t0))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
			b.ReportMetric(float64(first.Microseconds())/1000, "first-ms")
		})
	}
}
