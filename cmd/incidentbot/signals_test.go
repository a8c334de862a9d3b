package main

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCommandsStopOnSignals is finding 8 of issue 20: a command other than
// serve stops on SIGINT and SIGTERM, as timeout(1) and Ctrl-C expect; it
// trapped them and went on. The console, waiting for its next line, is
// the command that runs until told.
func TestCommandsStopOnSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the incidentbot binary: skipped with -short")
	}
	bin := buildCommand(t, t.TempDir(), "github.com/incidentbot/incidentbot/cmd/incidentbot")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(bin, "console")
		cmd.Dir = t.TempDir()
		stdin, err := cmd.StdinPipe() // held open: the console waits for a line
		if err != nil {
			t.Fatal(err)
		}
		defer stdin.Close()
		stdout := &serveLog{}
		cmd.Stdout = stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		for deadline := time.Now().Add(20 * time.Second); !strings.Contains(stdout.String(), "> "); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the console showed no prompt: %q", stdout)
			}
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		select {
		case <-exited:
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != sig {
				t.Errorf("console after %v: %v; want it stopped by the signal", sig, cmd.ProcessState)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Errorf("console went on 10 s after %v", sig)
		}
	}
}
