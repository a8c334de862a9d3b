package platform

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// unread is a body that fails the test if anything reads it.
type unread struct{ t *testing.T }

func (u unread) Read([]byte) (int, error) {
	u.t.Error("the body was read")
	return 0, io.EOF
}

func TestBodiesRead(t *testing.T) {
	b := NewBodies(1000)
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("hello"))
	body, release, err := b.Read(r, 10)
	if err != nil || string(body) != "hello" {
		t.Fatalf("Read = %q, %v; want hello", body, err)
	}
	release()

	// Over the limit by its Content-Length: refused before reading.
	r = httptest.NewRequest(http.MethodPost, "/", nil)
	r.Body, r.ContentLength = io.NopCloser(unread{t}), 11
	if _, _, err := b.Read(r, 10); !errors.Is(err, ErrBodyTooLarge) || HTTPStatus(err) != http.StatusRequestEntityTooLarge {
		t.Errorf("Read of an 11-byte body with limit 10 = %v; want ErrBodyTooLarge (413)", err)
	}
	// Chunked (no Content-Length) and over the limit.
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", 11)))
	r.ContentLength = -1
	if _, _, err := b.Read(r, 10); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("Read of an 11-byte chunked body with limit 10 = %v; want ErrBodyTooLarge", err)
	}
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader("chunk"))
	r.ContentLength = -1
	if body, release, err := b.Read(r, 10); err != nil || string(body) != "chunk" {
		t.Errorf("Read of a 5-byte chunked body = %q, %v", body, err)
	} else {
		release()
	}
	// Shorter than its Content-Length.
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader("abc"))
	r.ContentLength = 5
	if _, _, err := b.Read(r, 10); !errors.Is(err, ErrBodyShort) || HTTPStatus(err) != http.StatusBadRequest {
		t.Errorf("Read of a short body = %v; want ErrBodyShort (400)", err)
	}
	for err, want := range map[error]string{ErrBodyTooLarge: "too_large", ErrBodiesBusy: "busy", ErrBodyShort: "bad_request"} {
		if got := BodyReason(err); got != want {
			t.Errorf("BodyReason(%v) = %q; want %q", err, got, want)
		}
	}
}

// TestBodiesBudget: bodies held at once stay within the budget; past it a
// request is refused before any of its body is read, and what is released
// can be used again. Large bodies cannot take the last quarter.
func TestBodiesBudget(t *testing.T) {
	const total = 4 * SmallBody
	b := NewBodies(total)
	hold := func(n int) (func(), error) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", n)))
		_, release, err := b.Read(r, total)
		return release, err
	}
	big := SmallBody + 1
	var releases []func()
	for range 2 {
		rel, err := hold(big)
		if err != nil {
			t.Fatalf("a large body within the budget: %v", err)
		}
		releases = append(releases, rel)
	}
	// Two large bodies hold about half; a third would pass three quarters.
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r.Body, r.ContentLength = io.NopCloser(unread{t}), int64(big)
	if _, _, err := b.Read(r, total); !errors.Is(err, ErrBodiesBusy) || HTTPStatus(err) != http.StatusServiceUnavailable {
		t.Errorf("a third large body = %v; want ErrBodiesBusy (503)", err)
	}
	// Small bodies still fit in what large ones may not take.
	small, err := hold(SmallBody)
	if err != nil {
		t.Errorf("a small body beside two large ones: %v", err)
	}
	small()
	for _, rel := range releases {
		rel()
	}
	if rel, err := hold(big); err != nil {
		t.Errorf("a large body after the others were released: %v", err)
	} else {
		rel()
	}
	// A nil budget bounds each body by its own limit only.
	var none *Bodies
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x"))
	if _, release, err := none.Read(r, 1); err != nil {
		t.Errorf("nil Bodies: %v", err)
	} else {
		release()
	}
}
