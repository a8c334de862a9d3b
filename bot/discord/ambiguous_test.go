package discord

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// ambiguousBodies are interactions that read one way to encoding/json
// and another to the fast decoder: a repeated key in an object either
// reads, and permission bits not written as Discord writes them (finding
// 9 of issue 20: "-1" read as every permission, through the fallback).
var ambiguousBodies = []string{
	`{"type":2,"guild_id":"1","guild_id":"2","data":{"name":"help"}}`,
	`{"type":2,"guild_id":"1","GUILD_ID":"2","data":{"name":"help"}}`,
	`{"type":2,"member":{"permissions":"1","permissions":"8"},"data":{"name":"help"}}`,
	`{"type":2,"member":{"user":{"id":"5","id":"6"}},"data":{"name":"help"}}`,
	`{"type":2,"user":{"id":"5","Id":"6"},"data":{"name":"help"}}`,
	`{"type":2,"data":{"name":"help","name":"kb"}}`,
	`{"type":2,"data":{"name":"ask","options":[{"name":"question","value":"a","value":"b"}]}}`,
	`{"type":2,"data":{"name":"kb","options":[{"name":"status","options":[{"name":"x","name":"y"}]}]}}`,
	`{"type":2,"member":{"permissions":"-1","user":{"id":"5"}},"data":{"name":"kb"}}`,
	`{"type":2,"member":{"permissions":"08","user":{"id":"5"}},"data":{"name":"kb"}}`,
	`{"type":2,"member":{"permissions":"+8","user":{"id":"5"}},"data":{"name":"kb"}}`,
	`{"type":2,"member":{"permissions":" 8","user":{"id":"5"}},"data":{"name":"kb"}}`,
	`{"type":2,"member":{"permissions":"\u0038","user":{"id":"5"}},"data":{"name":"kb"}}`,
	`{"type":2,"member":{"permissions":"9999999999999999999","user":{"id":"5"}},"data":{"name":"kb"}}`,
}

// TestAmbiguousInteractionsRefused: both decoders refuse such a body, and
// the endpoint answers it, signed, with 400.
func TestAmbiguousInteractionsRefused(t *testing.T) {
	h, _ := testInteractions(t, Config{})
	for _, body := range ambiguousBodies {
		var w wireInteraction
		if scanInteraction([]byte(body), &w) {
			t.Errorf("%s: the fast decoder read it", body)
		}
		if err := json.Unmarshal([]byte(body), &w); err == nil {
			t.Errorf("%s: encoding/json read it", body)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, signed(testKey, []byte(body), time.Now()))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d; want 400", body, rec.Code)
		}
	}
	// What Discord sends still reads.
	for _, body := range []string{
		`{"type":2,"member":{"permissions":"0","user":{"id":"5"}},"data":{"name":"help"}}`,
		`{"type":2,"member":{"permissions":"2147483647","user":{"id":"5"}},"data":{"name":"help"}}`,
		`{"type":2,"member":{"permissions":null,"user":{"id":"5"}},"data":{"name":"help"}}`,
	} {
		if _, err := decodeInteraction([]byte(body)); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
}
