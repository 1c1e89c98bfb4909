package bots

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"
)

// fileStore keeps generated files (PDFs, long answers) in memory behind
// signed, expiring links: /files/{token}, where the token carries the file's
// ID and expiry and an HMAC of both with a key that never leaves the process.
//
// The store is bounded: at most maxBytes of data and maxFiles files. When a
// new file would exceed either, the oldest finished files are dropped first
// (their links answer "expired"); files still being made are never dropped.
// Expired files are removed on every reserve and complete, and every minute
// by the server's janitor (expire).
type fileStore struct {
	key      []byte
	ttl      time.Duration
	now      func() time.Time
	maxBytes int64
	maxFiles int

	// fetched, when set, is told of every fetch of a file with an owner,
	// and how it went (nil: sent): the audit.
	fetched func(f *storedFile, err error)

	mu    sync.Mutex
	files map[string]*storedFile
	bytes int64  // data held by the files
	seq   uint64 // order of reservation, to drop the oldest first
}

type storedFile struct {
	id          string
	name        string
	contentType string
	expires     time.Time
	seq         uint64
	ready       chan struct{} // closed when data or err is set
	done        bool          // complete has run (under the store's mutex)
	data        []byte
	err         error
	// make, when set, makes the data on the first GET (a file offered with
	// every answer but seldom fetched: the whole table as CSV).
	make     func(context.Context) ([]byte, error)
	makeOnce sync.Once
	made     bool // make has run (under the store's mutex)
	// owner, when set, is the audit entry of the file's fetches: who it was
	// made for, under which role, what it holds (Action "file:csv", …).
	owner *AuditEntry
}

// Default bounds of the file store.
const (
	defaultFileMaxBytes = 256 << 20
	defaultFileMaxCount = 1000
)

func newFileStore(ttl time.Duration, now func() time.Time) *fileStore {
	key := make([]byte, 32)
	rand.Read(key)
	return &fileStore{key: key, ttl: ttl, now: now, maxBytes: defaultFileMaxBytes, maxFiles: defaultFileMaxCount,
		files: map[string]*storedFile{}}
}

// reserve makes a pending file and returns it with its link token; the file
// is filled later by complete.
func (s *fileStore) reserve(name, contentType string) (*storedFile, string) {
	return s.reserveWith(name, contentType, nil)
}

// reserveWith is reserve of a file made by make when first followed (nil:
// completed by complete).
func (s *fileStore) reserveWith(name, contentType string, make_ func(context.Context) ([]byte, error)) (*storedFile, string) {
	idb := make([]byte, 12)
	rand.Read(idb)
	id := base64.RawURLEncoding.EncodeToString(idb)
	f := &storedFile{id: id, name: name, contentType: contentType, expires: s.now().Add(s.ttl), ready: make(chan struct{}), make: make_}
	s.mu.Lock()
	s.gcLocked()
	s.seq++
	f.seq = s.seq
	s.files[id] = f
	s.evictLocked(f)
	s.mu.Unlock()
	return f, s.token(id, f.expires)
}

// complete fills a reserved file (name and contentType: "" keeps the
// reserved ones) and wakes those waiting for it. Only the first call counts:
// a file is completed once, by its work or by the recovery of a panic.
func (s *fileStore) complete(f *storedFile, name, contentType string, data []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.done {
		return
	}
	f.done = true
	if name != "" {
		f.name = name
	}
	if contentType != "" {
		f.contentType = contentType
	}
	f.data, f.err = data, err
	if _, ok := s.files[f.id]; ok {
		s.bytes += int64(len(data))
		s.gcLocked()
		s.evictLocked(f)
	}
	close(f.ready)
}

// lazy stores a file whose data make makes when the link is first
// followed, and returns the link's token. Until then the file holds no
// data and is dropped, oldest first, like a finished one.
func (s *fileStore) lazy(name, contentType string, owner *AuditEntry, make func(context.Context) ([]byte, error)) string {
	f, token := s.reserveWith(name, contentType, make)
	f.owner = owner // before complete: complete publishes the file
	s.complete(f, "", "", nil, nil)
	return token
}

// made runs a lazy file's make, once.
func (s *fileStore) made(f *storedFile, timeout time.Duration) {
	f.makeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		data, err := f.make(ctx)
		s.mu.Lock()
		defer s.mu.Unlock()
		f.data, f.err, f.made = data, err, true
		if _, ok := s.files[f.id]; ok {
			s.bytes += int64(len(data))
			s.evictLocked(f)
		}
	})
}

// expire removes the expired files; the server's janitor calls it.
func (s *fileStore) expire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gcLocked()
}

// size returns the files held and their bytes.
func (s *fileStore) size() (int, int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.files), s.bytes
}

func (s *fileStore) gcLocked() {
	now := s.now()
	for id, f := range s.files {
		if now.After(f.expires) {
			s.dropLocked(id, f)
		}
	}
}

func (s *fileStore) dropLocked(id string, f *storedFile) {
	delete(s.files, id)
	s.bytes -= int64(len(f.data))
}

// evictLocked drops the oldest finished files, never keep, until the store
// is within its bounds (or only files being made, and keep, are left).
//
// Offers not yet taken (lazy files never followed: an answer's Excel,
// every row, chart and dossier links) hold no data, only what makes it:
// they have their own bound, lazyPerFile times maxFiles, so that offering
// four links with every answer does not drop files four times sooner.
func (s *fileStore) evictLocked(keep *storedFile) {
	for {
		offers := 0
		for _, f := range s.files {
			if f.offer() {
				offers++
			}
		}
		held := len(s.files) - offers
		overOffers := offers > lazyPerFile*s.maxFiles
		if s.bytes <= s.maxBytes && held <= s.maxFiles && !overOffers {
			return
		}
		var oldest *storedFile
		for _, f := range s.files {
			if f != keep && f.done && f.offer() == overOffers && (oldest == nil || f.seq < oldest.seq) {
				oldest = f
			}
		}
		if oldest == nil {
			return
		}
		s.dropLocked(oldest.id, oldest)
	}
}

// lazyPerFile is how many offers (lazy files not yet made) the store holds
// for each file it may hold.
const lazyPerFile = 5

// offer reports whether a file is a lazy one not made yet (under the
// store's mutex).
func (f *storedFile) offer() bool { return f.make != nil && !f.made }

func (s *fileStore) token(id string, exp time.Time) string {
	payload := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(payload, uint64(exp.Unix()))
	payload = append(payload, id...)
	mac := hmac.New(sha256.New, s.key)
	mac.Write(payload)
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18])
}

var (
	errLinkInvalid = errors.New("invalid link")
	errLinkExpired = errors.New("expired link")
)

// lookup checks a token and returns its file.
func (s *fileStore) lookup(token string) (*storedFile, error) {
	p, m, ok := strings.Cut(token, ".")
	if !ok {
		return nil, errLinkInvalid
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	sum, err2 := base64.RawURLEncoding.DecodeString(m)
	if err1 != nil || err2 != nil || len(payload) < 9 {
		return nil, errLinkInvalid
	}
	mac := hmac.New(sha256.New, s.key)
	mac.Write(payload)
	if !hmac.Equal(mac.Sum(nil)[:18], sum) {
		return nil, errLinkInvalid
	}
	exp := time.Unix(int64(binary.BigEndian.Uint64(payload[:8])), 0)
	if s.now().After(exp) {
		return nil, errLinkExpired
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[string(payload[8:])]
	if !ok {
		return nil, errLinkExpired
	}
	return f, nil
}

// serve answers GET /files/{token}: the file, waiting a while for one still
// being made.
func (s *fileStore) serve(w http.ResponseWriter, r *http.Request, wait time.Duration, lang func() string) {
	it := lang() != "en"
	f, err := s.lookup(r.PathValue("token"))
	if err != nil {
		status := http.StatusNotFound
		msg := pick(it, "Collegamento non valido.", "Invalid link.")
		if errors.Is(err, errLinkExpired) {
			status = http.StatusGone
			msg = pick(it, "Il collegamento è scaduto: fai di nuovo la domanda per averne uno nuovo.",
				"The link has expired: ask the question again for a new one.")
		}
		http.Error(w, msg, status)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	select {
	case <-f.ready:
	case <-ctx.Done():
		w.Header().Set("Retry-After", "10")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintln(w, pick(it, "Il documento è ancora in preparazione: riprova tra qualche secondo.",
			"The document is still being prepared: try again in a few seconds."))
		return
	}
	if f.make != nil {
		s.made(f, 2*time.Minute)
	}
	if f.err != nil {
		http.Error(w, pick(it, "Non è stato possibile preparare il documento: ", "The document could not be prepared: ")+f.err.Error(),
			http.StatusInternalServerError)
		s.tell(f, f.err)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.name}))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(f.data)
	s.tell(f, err)
}

// tell reports a fetch of a file with an owner to fetched.
func (s *fileStore) tell(f *storedFile, err error) {
	if f.owner != nil && s.fetched != nil {
		s.fetched(f, err)
	}
}

func pick(it bool, a, b string) string {
	if it {
		return a
	}
	return b
}
