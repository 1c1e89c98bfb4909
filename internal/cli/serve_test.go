package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuf) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// Settings: the file, then the environment, then the flags the user set.
func TestServeSettingsPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "serve.yaml")
	os.WriteFile(cfg, []byte("addr: 127.0.0.1:9000\nlang: en\npublic_url: https://file.example\nslack_signing_secret: from-file\nrate_per_minute: 5\n"), 0o600)
	env := map[string]string{"WI_PUBLIC_URL": "https://env.example"}
	io := IO{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Getenv: func(k string) string { return env[k] }}
	cmd := newServeCmd(io)
	if err := cmd.ParseFlags([]string{"--config", cfg, "--addr", "127.0.0.1:9100"}); err != nil {
		t.Fatal(err)
	}
	got, err := serveSettings(io, cmd, cfg, serveFlagsOf(t, cmd))
	if err != nil {
		t.Fatal(err)
	}
	if got.Addr != "127.0.0.1:9100" || got.Lang != "en" || got.PublicURL != "https://env.example" ||
		got.SlackSigningSecret != "from-file" || got.RatePerMinute != 5 || got.MaxConcurrent != 8 {
		t.Errorf("settings %+v", got)
	}
	// Nothing to serve is a usage error.
	cmd = newServeCmd(io)
	cmd.ParseFlags(nil)
	if _, err := serveSettings(io, cmd, "", serveFlagsOf(t, cmd)); err == nil || !strings.Contains(err.Error(), "WI_SLACK_SIGNING_SECRET") {
		t.Errorf("no secrets: %v", err)
	}
}

// serveFlagsOf digs the options bound to the command's flags back out.
func serveFlagsOf(t *testing.T, cmd interface{ Flags() *pflag.FlagSet }) *ServeOptions {
	t.Helper()
	o := &ServeOptions{}
	f := cmd.Flags()
	o.Addr, _ = f.GetString("addr")
	o.Lang, _ = f.GetString("lang")
	o.PublicURL, _ = f.GetString("public-url")
	o.RatePerMinute, _ = f.GetFloat64("rate")
	o.RateBurst, _ = f.GetInt("burst")
	o.MaxConcurrent, _ = f.GetInt("max-concurrent")
	o.MaxBody, _ = f.GetInt64("max-body")
	return o
}

// `wi serve` starts on the demo catalog, answers /healthz, and stops cleanly
// when its context ends (as on SIGTERM).
func TestServeStartsAndStops(t *testing.T) {
	if demoCatalog == "" {
		t.Skip("no demo catalog")
	}
	var errOut lockedBuf
	io := IO{Out: &bytes.Buffer{}, Err: &errOut, Getenv: func(k string) string {
		return map[string]string{"WI_CATALOG": demoCatalog, "WI_SLACK_SIGNING_SECRET": "s3cret-value", "WI_CACHE_DIR": cacheRoot}[k]
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--watch", "0"}, io) }()
	addr := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
	var base string
	deadline := time.Now().Add(30 * time.Second)
	for base == "" && time.Now().Before(deadline) {
		if m := addr.FindStringSubmatch(errOut.String()); m != nil {
			base = "http://" + m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if base == "" {
		cancel()
		t.Fatalf("server did not start:\n%s", errOut.String())
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if h["status"] != "ok" || !strings.Contains(h["policy"].(string), "staff") {
		t.Errorf("healthz %v", h)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d:\n%s", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("did not stop")
	}
	if strings.Contains(errOut.String(), "s3cret-value") {
		t.Errorf("secret logged")
	}
	if !strings.Contains(errOut.String(), "every user of a verified") {
		t.Errorf("no warning about the missing policy:\n%s", errOut.String())
	}
}
