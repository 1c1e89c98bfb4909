package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/bots"
	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports/pdf"
)

// ServeOptions are the settings of `wi serve`, from the --config file, then
// the environment, then the flags (each overriding the one before). Secrets
// come from the file or the environment only: flags show in `ps`.
type ServeOptions struct {
	Addr               string        `yaml:"addr"`
	Catalog            string        `yaml:"catalog"`
	Policy             string        `yaml:"policy"`
	Audit              string        `yaml:"audit"`
	Lang               string        `yaml:"lang"`
	PublicURL          string        `yaml:"public_url"`
	SlackSigningSecret string        `yaml:"slack_signing_secret"`
	SlackBotToken      string        `yaml:"slack_bot_token"`
	SlackAPIURL        string        `yaml:"slack_api_url"`
	TeamsSecret        string        `yaml:"teams_secret"`
	Templates          string        `yaml:"templates"`
	RatePerMinute      float64       `yaml:"rate_per_minute"`
	RateBurst          int           `yaml:"rate_burst"`
	MaxConcurrent      int           `yaml:"max_concurrent"`
	MaxBody            int64         `yaml:"max_body"`
	AnswerTimeout      time.Duration `yaml:"answer_timeout"`
	TeamsDeadline      time.Duration `yaml:"teams_deadline"`
	ReadTimeout        time.Duration `yaml:"read_timeout"`
	WriteTimeout       time.Duration `yaml:"write_timeout"`
	IdleTimeout        time.Duration `yaml:"idle_timeout"`
	ShutdownTimeout    time.Duration `yaml:"shutdown_timeout"`
	WatchInterval      time.Duration `yaml:"watch_interval"`
	FileTTL            time.Duration `yaml:"file_ttl"`
}

func newServeCmd(io IO) *cobra.Command {
	opts := &ServeOptions{}
	var configFile string
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--config FILE] [--policy FILE] [--audit FILE]",
		Short: "Server HTTP per i bot Slack e Teams (slash command /wi, menzioni, webhook Teams)",
		Long: `wi serve risponde alle domande da Slack (/wi e menzioni, richieste firmate) e da
Microsoft Teams (webhook in uscita con HMAC), con un registro di audit, limiti per utente
e ricaricamento a caldo del catalogo (SIGHUP o nuovo file del catalogo).

Variabili d'ambiente: WI_CATALOG, WI_SLACK_SIGNING_SECRET, WI_SLACK_BOT_TOKEN,
WI_SLACK_API_URL, WI_TEAMS_SECRET, WI_PUBLIC_URL, WI_POLICY, WI_AUDIT, WI_LANG.
Guida all'installazione: bots/README.md.`,
		Example: `  WI_SLACK_SIGNING_SECRET=… WI_SLACK_BOT_TOKEN=xoxb-… wi serve --addr :8080 --policy policy.yaml --audit audit.jsonl
  wi serve --config /etc/wi/serve.yaml`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			final, err := serveSettings(io, cmd, configFile, opts)
			if err != nil {
				return err
			}
			return runServe(cmd.Context(), io, final)
		},
	}
	f := cmd.Flags()
	f.StringVar(&configFile, "config", "", "file YAML di configurazione (chiavi: addr, catalog, policy, audit, lang, public_url, slack_*, teams_secret, …)")
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "indirizzo HOST:PORT su cui ascoltare")
	f.StringVar(&opts.Catalog, "catalog", "", "catalogo DuckDB (default: $WI_CATALOG, altrimenti la città demo)")
	f.StringVar(&opts.Policy, "policy", "", "file YAML della politica di accesso (senza: ogni utente verificato è staff)")
	f.StringVar(&opts.Audit, "audit", "", "file JSON Lines del registro di audit (in aggiunta)")
	f.StringVar(&opts.Lang, "lang", "it", "lingua predefinita delle risposte: it o en")
	f.StringVar(&opts.PublicURL, "public-url", "", "indirizzo pubblico del server, per i collegamenti /files (default $WI_PUBLIC_URL)")
	f.StringVar(&opts.SlackAPIURL, "slack-api-url", "", "URL dell'API Slack (per i test; default $WI_SLACK_API_URL o https://slack.com/api/)")
	f.StringVar(&opts.Templates, "templates", "", "cartella di modelli PDF aggiuntivi")
	f.Float64Var(&opts.RatePerMinute, "rate", 20, "domande al minuto per utente (negativo: nessun limite)")
	f.IntVar(&opts.RateBurst, "burst", 10, "domande di fila per utente")
	f.IntVar(&opts.MaxConcurrent, "max-concurrent", 8, "domande elaborate insieme (oltre: risposta «occupato»)")
	f.Int64Var(&opts.MaxBody, "max-body", 1<<20, "dimensione massima di una richiesta, in byte")
	f.DurationVar(&opts.AnswerTimeout, "answer-timeout", 60*time.Second, "tempo massimo per una risposta")
	f.DurationVar(&opts.TeamsDeadline, "teams-deadline", 3*time.Second, "tempo per rispondere a Teams prima di dare un collegamento")
	f.DurationVar(&opts.ReadTimeout, "read-timeout", 10*time.Second, "timeout di lettura di una richiesta")
	f.DurationVar(&opts.WriteTimeout, "write-timeout", 60*time.Second, "timeout di scrittura di una risposta")
	f.DurationVar(&opts.IdleTimeout, "idle-timeout", 120*time.Second, "timeout delle connessioni inattive")
	f.DurationVar(&opts.ShutdownTimeout, "shutdown-timeout", 60*time.Second, "tempo concesso alle risposte in corso allo spegnimento")
	f.DurationVar(&opts.WatchInterval, "watch", 5*time.Second, "ogni quanto controllare se il file del catalogo è cambiato (0: mai)")
	f.DurationVar(&opts.FileTTL, "file-ttl", 24*time.Hour, "validità dei collegamenti ai PDF")
	return cmd
}

// serveSettings merges the config file, the environment and the flags the
// user set.
func serveSettings(io IO, cmd *cobra.Command, configFile string, flags *ServeOptions) (*ServeOptions, error) {
	final := *flags // defaults, and the flags
	if configFile != "" {
		raw, err := os.ReadFile(configFile)
		if err != nil {
			return nil, usageError{fmt.Errorf("--config: %w", err)}
		}
		file := *flags
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&file); err != nil {
			return nil, usageError{fmt.Errorf("--config %s: %w", configFile, err)}
		}
		final = file
	}
	env := func(dst *string, key string) {
		if v := io.Getenv(key); v != "" {
			*dst = v
		}
	}
	env(&final.Catalog, "WI_CATALOG")
	env(&final.SlackSigningSecret, "WI_SLACK_SIGNING_SECRET")
	env(&final.SlackBotToken, "WI_SLACK_BOT_TOKEN")
	env(&final.SlackAPIURL, "WI_SLACK_API_URL")
	env(&final.TeamsSecret, "WI_TEAMS_SECRET")
	env(&final.PublicURL, "WI_PUBLIC_URL")
	env(&final.Policy, "WI_POLICY")
	env(&final.Audit, "WI_AUDIT")
	env(&final.Lang, "WI_LANG")
	env(&final.Addr, "WI_ADDR")
	// Flags the user set win over the file and the environment.
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "addr":
			final.Addr = flags.Addr
		case "catalog":
			final.Catalog = flags.Catalog
		case "policy":
			final.Policy = flags.Policy
		case "audit":
			final.Audit = flags.Audit
		case "lang":
			final.Lang = flags.Lang
		case "public-url":
			final.PublicURL = flags.PublicURL
		case "slack-api-url":
			final.SlackAPIURL = flags.SlackAPIURL
		case "templates":
			final.Templates = flags.Templates
		case "rate":
			final.RatePerMinute = flags.RatePerMinute
		case "burst":
			final.RateBurst = flags.RateBurst
		case "max-concurrent":
			final.MaxConcurrent = flags.MaxConcurrent
		case "max-body":
			final.MaxBody = flags.MaxBody
		case "answer-timeout":
			final.AnswerTimeout = flags.AnswerTimeout
		case "teams-deadline":
			final.TeamsDeadline = flags.TeamsDeadline
		case "read-timeout":
			final.ReadTimeout = flags.ReadTimeout
		case "write-timeout":
			final.WriteTimeout = flags.WriteTimeout
		case "idle-timeout":
			final.IdleTimeout = flags.IdleTimeout
		case "shutdown-timeout":
			final.ShutdownTimeout = flags.ShutdownTimeout
		case "watch":
			final.WatchInterval = flags.WatchInterval
		case "file-ttl":
			final.FileTTL = flags.FileTTL
		}
	})
	if final.SlackSigningSecret == "" && final.TeamsSecret == "" {
		return nil, usageError{errors.New("nothing to serve: set WI_SLACK_SIGNING_SECRET (Slack) and/or WI_TEAMS_SECRET (Teams); see bots/README.md")}
	}
	if final.SlackBotToken != "" && final.SlackSigningSecret == "" {
		return nil, usageError{errors.New("WI_SLACK_BOT_TOKEN is set but WI_SLACK_SIGNING_SECRET is not: Slack requests could not be verified")}
	}
	if _, err := question.ParseLang(final.Lang); err != nil {
		return nil, usageError{err}
	}
	if _, _, err := net.SplitHostPort(final.Addr); err != nil {
		return nil, usageError{fmt.Errorf("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080 or :8080", final.Addr)}
	}
	return &final, nil
}

func runServe(ctx context.Context, io IO, o *ServeOptions) error {
	log := slog.New(slog.NewTextHandler(io.Err, &slog.HandlerOptions{Level: slog.LevelInfo}))
	lang, _ := question.ParseLang(o.Lang)
	// The catalog: the one named, or the demo city (built once in the cache).
	path := o.Catalog
	if path == "" {
		cat, err := openCatalog(ctx, io, "", lang)
		if err != nil {
			return err
		}
		path = cat.Path()
		cat.Close()
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	var policy *bots.Policy
	if o.Policy != "" {
		p, err := bots.LoadPolicy(o.Policy)
		if err != nil {
			return usageError{err}
		}
		policy = p
	}
	var audit *bots.Audit
	if o.Audit != "" {
		a, err := bots.OpenAudit(o.Audit)
		if err != nil {
			return fmt.Errorf("--audit: %w", err)
		}
		defer a.Close()
		audit = a
	}
	watch := o.WatchInterval
	if watch <= 0 {
		watch = -1
	}
	// Questions in chat may name the user templates of --templates.
	templates, err := pdf.Templates(o.Templates)
	if err != nil {
		return usageError{fmt.Errorf("--templates: %w", err)}
	}
	srv, err := bots.New(ctx, bots.Config{
		Engine: engine.Options{Templates: templates},
		OpenCatalog: bots.OpenPinned(path, func(ctx context.Context, p string) (bots.Catalog, error) {
			return catalog.Open(ctx, p)
		}),
		CatalogPath:        path,
		WatchInterval:      watch,
		SlackSigningSecret: o.SlackSigningSecret,
		SlackBotToken:      o.SlackBotToken,
		SlackAPIURL:        o.SlackAPIURL,
		TeamsSecret:        o.TeamsSecret,
		PublicURL:          o.PublicURL,
		Lang:               lang,
		Policy:             policy,
		Audit:              audit,
		Documents:          PDFDocuments(o.Templates),
		WarmUp:             bots.WarmUp,
		Logger:             log,
		ReadTimeout:        o.ReadTimeout,
		WriteTimeout:       o.WriteTimeout,
		IdleTimeout:        o.IdleTimeout,
		MaxBody:            o.MaxBody,
		RatePerMinute:      o.RatePerMinute,
		RateBurst:          o.RateBurst,
		MaxConcurrent:      o.MaxConcurrent,
		AnswerTimeout:      o.AnswerTimeout,
		TeamsDeadline:      o.TeamsDeadline,
		FileTTL:            o.FileTTL,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		srv.Shutdown(context.Background())
		return err
	}
	log.Info("wi serve listening", "addr", ln.Addr().String(), "catalog", path,
		"slack", o.SlackSigningSecret != "", "slack_bot", o.SlackBotToken != "", "teams", o.TeamsSecret != "",
		"public_url", o.PublicURL, "audit", o.Audit, "lang", string(lang))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	defer signal.Stop(sig)
	for {
		select {
		case err := <-served:
			srv.Shutdown(context.Background())
			return err
		case s := <-sig:
			if s == syscall.SIGHUP {
				log.Info("SIGHUP: reloading the catalog")
				srv.Reload(ctx)
				continue
			}
			log.Info("shutting down: finishing the answers in flight", "signal", s.String(), "timeout", o.ShutdownTimeout.String())
		case <-ctx.Done():
			log.Info("shutting down: finishing the answers in flight")
		}
		sctx, cancel := context.WithTimeout(context.Background(), o.ShutdownTimeout)
		err := srv.Shutdown(sctx)
		cancel()
		<-served
		if err != nil {
			return fmt.Errorf("shutdown: %w", err)
		}
		log.Info("stopped")
		return nil
	}
}

// PDFDocuments generates dossiers and fact sheets with reports/pdf.
func PDFDocuments(templateDir string) bots.DocumentFunc {
	return func(ctx context.Context, eng *engine.Engine, plan question.Plan, lang question.Lang, role answers.Role) (*bots.Document, error) {
		d, err := pdf.Make(ctx, eng, plan, pdf.Options{Lang: lang, Role: role, TemplateDir: templateDir})
		if err != nil {
			return nil, err
		}
		return &bots.Document{PDF: d.PDF, Title: d.Title, FileName: d.FileName, Pages: d.Pages}, nil
	}
}
