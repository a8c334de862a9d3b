//go:build unix

package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/incidentbot/incidentbot/internal/benchcost"
)

// BenchmarkHandlerCost runs whole HTTP interactions through the handler
// (signature and age check, decoding, the engine's answer on the default
// base, rendering, encoding) and, beside each, a bare ed25519.Verify of
// the same signed bytes, timed alternately in the same run so that both
// see the same load. It reports what one interaction costs as a multiple
// of one Verify (x-verify, the median of the pairs' ratios; the target is
// at most 1.5), and the medians of both in µs: medians, because other
// work on the machine preempts some iterations many times over; and the
// process's CPU time per request, GC included (cpu-µs; the bare Verify is
// in it too). Requests are signed outside the timed part, as signing is
// Discord's work; each is distinct, as the handler refuses a repeat as a
// replay.
func BenchmarkHandlerCost(b *testing.B) {
	for _, c := range []struct {
		name string
		body func() []byte
	}{
		{"who-said-Peskov", func() []byte { return slashJSON("who-said", map[string]string{"query": "Peskov"}) }},
		{"timeline", func() []byte { return slashJSON("timeline", nil) }},
		// The third command of the load mix (cmd/incidentbot-load).
		{"ask", func() []byte { return slashJSON("ask", map[string]string{"question": "who was behind the drones"}) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			h, _ := testInteractions(b, Config{})
			pub := testKey.Public().(ed25519.PublicKey)
			type signedReq struct {
				r        *http.Request
				msg, sig []byte
			}
			var inHandler, inVerify, ratios []float64
			b.ReportAllocs()
			cpu := benchcost.Loop(b, func() signedReq {
				body := c.body()
				r := signed(testKey, body, time.Now())
				sig, _ := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
				return signedReq{r, append([]byte(r.Header.Get("X-Signature-Timestamp")), body...), sig}
			}, func(s signedReq) {
				w := httptest.NewRecorder()
				t0 := time.Now()
				ok := ed25519.Verify(pub, s.msg, s.sig)
				t1 := time.Now()
				h.ServeHTTP(w, s.r)
				t2 := time.Now()
				if !ok || w.Code != http.StatusOK {
					b.Fatalf("verify %v, status %d: %s", ok, w.Code, w.Body)
				}
				v, h := float64(t1.Sub(t0)), float64(t2.Sub(t1))
				inVerify, inHandler, ratios = append(inVerify, v/1e3), append(inHandler, h/1e3), append(ratios, h/v)
			})
			b.ReportMetric(benchcost.Median(ratios), "x-verify")
			b.ReportMetric(benchcost.Median(inHandler), "handler-µs")
			b.ReportMetric(benchcost.Median(inVerify), "verify-µs")
			b.ReportMetric(float64(cpu)/1e3, "cpu-µs")
		})
	}
}
