package platform

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// Errors of Bodies.Read: the HTTP transports answer 413, 503 and 400.
var (
	ErrBodyTooLarge = errors.New("request body over its limit")
	ErrBodiesBusy   = errors.New("too many request bodies being read at once")
	ErrBodyShort    = errors.New("request body shorter than its Content-Length")
	ErrBodyElements = errors.New("request body has too many JSON values")
)

// MaxElements bounds the JSON values a body may hold, checked before it
// is decoded: a body's bytes do not bound what decoding it takes (a
// signed 990 KB Slack event of 330,000 empty blocks decoded to about
// 100 MiB). The platforms' largest requests, a message shortcut or a
// message command with the whole message, hold a few hundred.
const MaxElements = 10_000

// CheckElements is ErrBodyElements when body holds more than MaxElements
// JSON values: it counts the opening brackets and commas outside strings,
// which bounds them. With form set, body is URL-encoded (a form whose
// payload is JSON) and is counted as it decodes.
func CheckElements(body []byte, form bool) error {
	if elements(body, form, MaxElements) > MaxElements {
		return ErrBodyElements
	}
	return nil
}

// elements counts body's opening brackets and commas outside strings,
// up to one past limit.
func elements(body []byte, form bool, limit int) int {
	n := 0
	inString, escaped := false, false
	for i := 0; i < len(body); i++ {
		c := body[i]
		if form && c == '%' && i+2 < len(body) {
			if v, err := strconv.ParseUint(string(body[i+1:i+3]), 16, 8); err == nil {
				c, i = byte(v), i+2
			}
		}
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '{' || c == '[' || c == ',':
			if n++; n > limit {
				return n
			}
		}
	}
	return n
}

// SmallBody is the size up to which a body may use the whole of a Bodies
// budget. The platforms' requests are a few kilobytes; larger bodies get
// only three quarters of the budget, so that they cannot crowd the small
// ones out.
const SmallBody = 64 << 10

// Bodies bounds the bytes of request bodies held in memory at once, by all
// the HTTP endpoints together. A body is read only once its signature
// headers have been checked, and only if its size fits in what is left of
// the budget; otherwise the request is refused at once, before any of its
// body is buffered. A nil *Bodies bounds each body by its own limit only.
type Bodies struct {
	mu          sync.Mutex
	used, total int64
}

// NewBodies returns a budget of total bytes.
func NewBodies(total int64) *Bodies { return &Bodies{total: total} }

// Read reads r's body, of at most limit bytes, within the budget: the
// Content-Length is reserved before any byte is read (limit+1 for a
// chunked body), and the buffer is allocated once at that size. The body
// must not be used after release, which must be called once.
func (b *Bodies) Read(r *http.Request, limit int64) (body []byte, release func(), err error) {
	n := r.ContentLength
	if n > limit {
		return nil, nil, ErrBodyTooLarge
	}
	reserve := n
	if n < 0 {
		reserve = limit + 1 // chunked: one byte more tells an over-long body
	}
	if !b.take(reserve) {
		return nil, nil, ErrBodiesBusy
	}
	release = func() { b.give(reserve) }
	buf := make([]byte, reserve)
	got, err := io.ReadFull(r.Body, buf)
	switch {
	case n >= 0 && err != nil:
		release()
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, nil, ErrBodyShort
		}
		return nil, nil, err
	case n < 0 && err == nil:
		release()
		return nil, nil, ErrBodyTooLarge
	case n < 0 && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF):
		release()
		return nil, nil, err
	}
	return buf[:got], release, nil
}

// HTTPStatus is the status that answers a Read error.
func HTTPStatus(err error) int {
	switch {
	case errors.Is(err, ErrBodyTooLarge), errors.Is(err, ErrBodyElements):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrBodiesBusy):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// BodyReason is the rejection counters' reason label for a Read error:
// ReasonTooLarge, ReasonBusy or ReasonBadRequest.
func BodyReason(err error) string {
	switch HTTPStatus(err) {
	case http.StatusRequestEntityTooLarge:
		return ReasonTooLarge
	case http.StatusServiceUnavailable:
		return ReasonBusy
	}
	return ReasonBadRequest
}

func (b *Bodies) take(n int64) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	room := b.total
	if n > SmallBody {
		room = b.total / 4 * 3
	}
	if b.used+n > room {
		return false
	}
	b.used += n
	return true
}

func (b *Bodies) give(n int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
}
