//go:build unix

package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"slices"
	"syscall"
	"testing"
	"time"
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
// in it too).
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
			var inHandler, inVerify, ratios []float64
			var cpu time.Duration
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if len(batch) == 0 {
					b.StopTimer()
					cpu += cpuTime() - start
					for range 512 {
						body := c.body()
						r := signed(testKey, body, time.Now())
						sig, _ := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
						msg := append([]byte(r.Header.Get("X-Signature-Timestamp")), body...)
						batch = append(batch, signedReq{r, msg, sig})
					}
					start = cpuTime()
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
				v, h := float64(t1.Sub(t0)), float64(t2.Sub(t1))
				inVerify, inHandler, ratios = append(inVerify, v/1e3), append(inHandler, h/1e3), append(ratios, h/v)
			}
			cpu += cpuTime() - start
			b.ReportMetric(median(ratios), "x-verify")
			b.ReportMetric(median(inHandler), "handler-µs")
			b.ReportMetric(median(inVerify), "verify-µs")
			b.ReportMetric(float64(cpu)/1e3/float64(b.N), "cpu-µs")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}
