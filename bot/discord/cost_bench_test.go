package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkHandlerCost runs whole HTTP interactions through the handler
// (signature and age check, decoding, the engine's answer on the default
// base, rendering, encoding) and, beside each, a bare ed25519.Verify of
// the same signed bytes, timed alternately in the same run so that both
// see the same load. It reports what one interaction costs as a multiple
// of one Verify (x-verify; the target is at most 1.5), and both in µs.
// Requests are signed outside the timed part, as signing is Discord's
// work; each is distinct, as the handler refuses a repeat as a replay.
func BenchmarkHandlerCost(b *testing.B) {
	for _, c := range []struct {
		name string
		body func() []byte
	}{
		{"who-said-Peskov", func() []byte { return slashJSON("who-said", map[string]string{"query": "Peskov"}) }},
		{"timeline", func() []byte { return slashJSON("timeline", nil) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			h, _ := testInteractions(b, Config{})
			pub := testKey.Public().(ed25519.PublicKey)
			type signedReq struct {
				r        *http.Request
				msg, sig []byte
			}
			var batch []signedReq
			var inHandler, inVerify time.Duration
			b.ReportAllocs()
			for b.Loop() {
				if len(batch) == 0 {
					b.StopTimer()
					for range 512 {
						body := c.body()
						r := signed(testKey, body, time.Now())
						sig, _ := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
						msg := append([]byte(r.Header.Get("X-Signature-Timestamp")), body...)
						batch = append(batch, signedReq{r, msg, sig})
					}
					b.StartTimer()
				}
				s := batch[len(batch)-1]
				batch = batch[:len(batch)-1]
				w := httptest.NewRecorder()
				t0 := time.Now()
				ok := ed25519.Verify(pub, s.msg, s.sig)
				t1 := time.Now()
				h.ServeHTTP(w, s.r)
				t2 := time.Now()
				if !ok || w.Code != http.StatusOK {
					b.Fatalf("verify %v, status %d: %s", ok, w.Code, w.Body)
				}
				inVerify += t1.Sub(t0)
				inHandler += t2.Sub(t1)
			}
			n := float64(b.N)
			b.ReportMetric(float64(inHandler)/float64(inVerify), "x-verify")
			b.ReportMetric(float64(inHandler.Microseconds())/n, "handler-µs")
			b.ReportMetric(float64(inVerify.Microseconds())/n, "verify-µs")
		})
	}
}

