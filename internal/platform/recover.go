package platform

import (
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
)

// PanicError is a panic that Recover turned into an error, with the stack
// where it happened.
type PanicError struct {
	Value, Stack string
}

func (p *PanicError) Error() string { return "panic: " + p.Value }

// Recover runs h and returns its error, or a *PanicError should h panic.
// Each chat adapter runs every request's work through it, in one place,
// so that a bug in answering one request costs that request alone.
func Recover(h func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: fmt.Sprint(v), Stack: string(debug.Stack())}
		}
	}()
	return h()
}

// ErrUnsent marks an adapter's send that failed before any of the answer
// went out, so that the apology may still take its place.
var ErrUnsent = errors.New("nothing was sent")

// Redacted is err without the request URL net/http puts in its errors: a
// Discord callback URL holds the interaction's token, a Slack response_url
// is a capability to post into the conversation; neither may be logged.
func Redacted(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}
