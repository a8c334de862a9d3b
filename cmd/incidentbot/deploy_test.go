package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// envNames lists every variable envconfig reads into serveConfig, from its
// tags and those of the platform configs embedded in it.
func envNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, envNames(f.Type)...)
			continue
		}
		if name := f.Tag.Get("envconfig"); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// serveVariables lists every variable serve reads: envconfig's, and
// KB_PATH, which kbPath reads for every command.
func serveVariables() []string {
	return append(envNames(reflect.TypeFor[serveConfig]()), "KB_PATH")
}

// setServeEnv leaves, for the rest of the test, only the variables in env
// set among those serve reads from the process environment (envconfig
// reads no other), and restores the machine's after. Unset is not empty to
// envconfig, so the others are unset, not emptied. Not for parallel tests.
func setServeEnv(t *testing.T, env map[string]string) {
	t.Helper()
	for _, k := range envNames(reflect.TypeFor[serveConfig]()) {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
}

func TestEnvExampleListsEveryVariable(t *testing.T) {
	data, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(string(data), "\n") {
		if name, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			listed = append(listed, strings.TrimSpace(name))
		}
	}
	want := serveVariables()
	for _, name := range want {
		if !slices.Contains(listed, name) {
			t.Errorf(".env.example does not list %s", name)
		}
	}
	for _, name := range listed {
		if !slices.Contains(want, name) {
			t.Errorf(".env.example lists %s, which serve does not read", name)
		}
	}
}

type probe struct {
	HTTPGet struct {
		Path string `yaml:"path"`
		Port string `yaml:"port"`
	} `yaml:"httpGet"`
}

type k8sObject struct {
	Kind string `yaml:"kind"`
	Spec struct {
		Template struct {
			Metadata struct {
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"metadata"`
			Spec struct {
				Containers []struct {
					Args  []string `yaml:"args"`
					Ports []struct {
						Name          string `yaml:"name"`
						ContainerPort int    `yaml:"containerPort"`
					} `yaml:"ports"`
					Env []struct {
						Name  string `yaml:"name"`
						Value string `yaml:"value"`
					} `yaml:"env"`
					Resources struct {
						Limits struct {
							Memory string `yaml:"memory"`
						} `yaml:"limits"`
					} `yaml:"resources"`
					ReadinessProbe probe `yaml:"readinessProbe"`
					LivenessProbe  probe `yaml:"livenessProbe"`
					VolumeMounts   []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
						SubPath   string `yaml:"subPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name      string `yaml:"name"`
					ConfigMap struct {
						Name string `yaml:"name"`
					} `yaml:"configMap"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
		ScaleTargetRef struct {
			Name string `yaml:"name"`
		} `yaml:"scaleTargetRef"`
	} `yaml:"spec"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
}

// TestKubernetesManifests checks the deployment against the binary: every
// env name is one serve reads, the probes hit its health route on its
// port, and the knowledge file is a mounted ConfigMap folder that can be
// reloaded live (not a subPath mount, which never updates).
func TestKubernetesManifests(t *testing.T) {
	data, err := os.ReadFile("../../deploy/kubernetes/incidentbot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	objs := map[string]k8sObject{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var o k8sObject
		if err := dec.Decode(&o); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		objs[o.Kind] = o
	}
	for _, kind := range []string{"Deployment", "Service", "HorizontalPodAutoscaler"} {
		if _, ok := objs[kind]; !ok {
			t.Errorf("no %s", kind)
		}
	}
	if got := objs["HorizontalPodAutoscaler"].Spec.ScaleTargetRef.Name; got != objs["Deployment"].Metadata.Name {
		t.Errorf("the autoscaler targets %q", got)
	}
	c := objs["Deployment"].Spec.Template.Spec.Containers[0]
	if !slices.Equal(c.Args, []string{"serve"}) {
		t.Errorf("args = %q; want [serve]", c.Args)
	}
	// GOMEMLIMIT is read by the Go runtime, not by serve.
	known := append(serveVariables(), "GOMEMLIMIT")
	env := map[string]string{}
	for _, e := range c.Env {
		if !slices.Contains(known, e.Name) {
			t.Errorf("env %s is not a variable serve reads", e.Name)
		}
		env[e.Name] = e.Value
	}
	for _, p := range []struct {
		name       string
		path, port string
	}{{"readiness", c.ReadinessProbe.HTTPGet.Path, c.ReadinessProbe.HTTPGet.Port}, {"liveness", c.LivenessProbe.HTTPGet.Path, c.LivenessProbe.HTTPGet.Port}} {
		if p.path != "/healthz" {
			t.Errorf("%s probe path %q; serve answers /healthz", p.name, p.path)
		}
		if len(c.Ports) == 0 || p.port != c.Ports[0].Name || ":"+itoa(c.Ports[0].ContainerPort) != env["HTTP_ADDR"] {
			t.Errorf("%s probe port %q does not reach HTTP_ADDR %q", p.name, p.port, env["HTTP_ADDR"])
		}
	}
	// Issue 11: metrics on a port of their own, which the scrape
	// annotation names and the Service does not expose.
	ann := objs["Deployment"].Spec.Template.Metadata.Annotations
	if len(c.Ports) != 2 || c.Ports[1].Name != "metrics" || ":"+itoa(c.Ports[1].ContainerPort) != env["METRICS_ADDR"] ||
		ann["prometheus.io/port"] != itoa(c.Ports[1].ContainerPort) || env["METRICS_ADDR"] == env["HTTP_ADDR"] {
		t.Errorf("metrics: ports %+v, METRICS_ADDR %q, scrape port %q; want a metrics port of its own, scraped", c.Ports, env["METRICS_ADDR"], ann["prometheus.io/port"])
	}
	// Issue 11: GOMEMLIMIT a little under the container's memory limit.
	limit, memLimit := mebibytes(c.Resources.Limits.Memory, "Mi"), mebibytes(env["GOMEMLIMIT"], "MiB")
	if memLimit <= 0 || memLimit >= limit || memLimit < limit*3/4 {
		t.Errorf("GOMEMLIMIT %q against a memory limit of %q; want a little under it", env["GOMEMLIMIT"], c.Resources.Limits.Memory)
	}
	kbDir := filepath.Dir(env["KB_PATH"])
	mounted := false
	for _, m := range c.VolumeMounts {
		if m.MountPath == kbDir && m.SubPath == "" {
			for _, v := range objs["Deployment"].Spec.Template.Spec.Volumes {
				mounted = mounted || (v.Name == m.Name && v.ConfigMap.Name == "incidentbot-kb")
			}
		}
	}
	if !mounted {
		t.Errorf("KB_PATH %q is not in a folder mounted whole from the incidentbot-kb ConfigMap", env["KB_PATH"])
	}

	var kust struct {
		Generators []struct {
			Name  string   `yaml:"name"`
			Files []string `yaml:"files"`
		} `yaml:"configMapGenerator"`
		Options struct {
			NoHash bool `yaml:"disableNameSuffixHash"`
		} `yaml:"generatorOptions"`
	}
	kdata, err := os.ReadFile("../../deploy/kubernetes/kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(kdata, &kust); err != nil {
		t.Fatal(err)
	}
	if len(kust.Generators) != 1 || kust.Generators[0].Name != "incidentbot-kb" || !kust.Options.NoHash {
		t.Fatalf("kustomization does not generate a fixed-name incidentbot-kb ConfigMap: %+v", kust)
	}
	for _, f := range kust.Generators[0].Files {
		key, path, _ := strings.Cut(f, "=")
		if key != filepath.Base(env["KB_PATH"]) {
			t.Errorf("the ConfigMap key %q is not KB_PATH's file name", key)
		}
		if _, err := os.Stat(filepath.Join("../../deploy/kubernetes", path)); err != nil {
			t.Errorf("the ConfigMap's file: %v", err)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// mebibytes reads "256Mi" (unit "Mi") or "224MiB" (unit "MiB"); 0 if it is
// not in that form.
func mebibytes(s, unit string) int {
	n, err := strconv.Atoi(strings.TrimSuffix(s, unit))
	if err != nil || !strings.HasSuffix(s, unit) {
		return 0
	}
	return n
}

// TestEnvironmentNamesAreExact checks that serve reads each variable only
// by its full name: an unrelated BOT_TOKEN or REPLY in the environment
// must not configure a platform.
func TestEnvironmentNamesAreExact(t *testing.T) {
	env := map[string]string{}
	for _, name := range []string{"BOT_TOKEN", "APP_ID", "PUBLIC_KEY", "SIGNING_SECRET", "REPLY"} {
		env[name] = "x"
	}
	setServeEnv(t, env)
	cfg, err := readServeConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SlackConfig != (SlackConfig{Reply: "ephemeral"}) || cfg.DiscordConfig != (DiscordConfig{ShardCount: 1, Reply: "ephemeral"}) {
		t.Errorf("unprefixed variables were read: %+v %+v", cfg.SlackConfig, cfg.DiscordConfig)
	}
}
