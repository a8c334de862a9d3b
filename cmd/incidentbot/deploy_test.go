package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// envFields are the fields envconfig reads, from the environment, into
// serveConfig and each chat platform's settings.
func envFields() []reflect.StructField {
	var out []reflect.StructField
	types := []reflect.Type{reflect.TypeFor[serveConfig]()}
	for _, p := range chatPlatforms() {
		types = append(types, reflect.TypeOf(p).Elem())
	}
	for _, t := range types {
		for _, f := range reflect.VisibleFields(t) {
			if f.Tag.Get("envconfig") != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// envNamesOf lists the variables envconfig reads into a struct of type t.
func envNamesOf(t reflect.Type) []string {
	var out []string
	for _, f := range reflect.VisibleFields(t) {
		if name := f.Tag.Get("envconfig"); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// envNames lists every variable envconfig reads.
func envNames() []string {
	var out []string
	for _, f := range envFields() {
		out = append(out, f.Tag.Get("envconfig"))
	}
	return out
}

// serveVariables lists every variable serve reads: envconfig's, and
// KB_PATH, which kbPath reads for every command.
func serveVariables() []string {
	return append(envNames(), "KB_PATH")
}

// setServeEnv leaves, for the rest of the test, only the variables in env
// set among those serve reads from the process environment (envconfig
// reads no other), and restores the machine's after. Unset is not empty to
// envconfig, so the others are unset, not emptied. Not for parallel tests.
func setServeEnv(t *testing.T, env map[string]string) {
	t.Helper()
	for _, k := range envNames() {
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
	TCPSocket struct {
		Port string `yaml:"port"`
	} `yaml:"tcpSocket"`
}

type container struct {
	Name  string   `yaml:"name"`
	Image string   `yaml:"image"`
	Args  []string `yaml:"args"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	Env []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom struct {
			SecretKeyRef struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	Resources struct {
		Requests struct {
			CPU    string `yaml:"cpu"`
			Memory string `yaml:"memory"`
		} `yaml:"requests"`
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
	SecurityContext struct {
		ReadOnlyRootFilesystem bool `yaml:"readOnlyRootFilesystem"`
	} `yaml:"securityContext"`
}

type k8sObject struct {
	Kind string `yaml:"kind"`
	Spec struct {
		Replicas    int    `yaml:"replicas"`
		ServiceName string `yaml:"serviceName"`
		Template    struct {
			Metadata struct {
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"metadata"`
			Spec struct {
				Containers      []container `yaml:"containers"`
				SecurityContext struct {
					RunAsNonRoot bool `yaml:"runAsNonRoot"`
				} `yaml:"securityContext"`
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
		TLS []struct {
			Hosts      []string `yaml:"hosts"`
			SecretName string   `yaml:"secretName"`
		} `yaml:"tls"`
		Rules []struct {
			HTTP struct {
				Paths []struct {
					Path    string `yaml:"path"`
					Backend struct {
						Service struct {
							Name string `yaml:"name"`
						} `yaml:"service"`
					} `yaml:"backend"`
				} `yaml:"paths"`
			} `yaml:"http"`
		} `yaml:"rules"`
	} `yaml:"spec"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Data       map[string]string `yaml:"data"`
	StringData map[string]string `yaml:"stringData"`
}

// renderKubernetes renders deploy/kubernetes as kubectl kustomize (and
// kubectl apply -k) do, with kustomize's own API and its default
// options: no flag loosens the load restrictions.
func renderKubernetes(t *testing.T) map[string]k8sObject {
	t.Helper()
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), "../../deploy/kubernetes")
	if err != nil {
		t.Fatalf("kustomize build deploy/kubernetes: %v", err)
	}
	data, err := m.AsYaml()
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
		objs[o.Kind+"/"+o.Metadata.Name] = o
	}
	return objs
}

// unsetOnPurpose are the variables serve reads that the Kubernetes
// deployment leaves unset and without a default, each for a reason. A new
// variable fails TestKubernetesManifests until it is set there or added
// here.
var unsetOnPurpose = map[string]string{
	"GAPS_PATH":               "the shared store keeps the unanswered questions",
	"SLACK_APP_TOKEN":         "Socket Mode is one connection per process, not for replicas behind a Service",
	"SLACK_RESPONSE_HOSTS":    "Slack's own hosts",
	"SLACK_LOCALE":            "English unless the workspace wants ru or uk",
	"DISCORD_GUILD_ID":        "commands registered globally",
	"DISCORD_ADMIN_GUILD_IDS": "admins by ADMIN_USER_IDS",
	"INCIDENT_CHANNELS":       "the example's folder holds one incident, which answers everywhere",
	"DEFAULT_INCIDENT":        "the example's folder holds one incident, which answers everywhere",
	"KB_CACHE_DIR":            "a ConfigMap's base (1 MiB at most) loads in well under a second; snapshots pay at 100,000 entries",
}

// TestKubernetesManifests renders the deployment and checks it against
// the binary and the Dockerfile: the image, every variable serve reads
// set (secrets from the Secret) or defaulted, probes on its health route
// and port, the knowledge file a live-reloadable ConfigMap folder, the
// Ingress with TLS in front of the webhooks, the autoscaler, and the
// shared store STATE_URL names.
func TestKubernetesManifests(t *testing.T) {
	objs := renderKubernetes(t)
	for _, name := range []string{"Deployment/incidentbot", "Service/incidentbot", "HorizontalPodAutoscaler/incidentbot", "Ingress/incidentbot",
		"Secret/incidentbot-secrets", "ConfigMap/incidentbot-kb", "StatefulSet/incidentbot-state", "Service/incidentbot-state"} {
		if _, ok := objs[name]; !ok {
			t.Errorf("no %s in the rendered manifests", name)
		}
	}
	deploy := objs["Deployment/incidentbot"]
	if got := objs["HorizontalPodAutoscaler/incidentbot"].Spec.ScaleTargetRef.Name; got != deploy.Metadata.Name {
		t.Errorf("the autoscaler targets %q", got)
	}
	c := deploy.Spec.Template.Spec.Containers[0]
	if c.Image != "incidentbot:latest" {
		t.Errorf("image = %q; want incidentbot:latest, what docs/deploy.md's docker build tags", c.Image)
	}
	if !slices.Equal(c.Args, []string{"serve"}) {
		t.Errorf("args = %q; want [serve]", c.Args)
	}
	if !c.SecurityContext.ReadOnlyRootFilesystem {
		t.Error("the root file system is writable")
	}

	// GOMEMLIMIT is read by the Go runtime, STATE_PASSWORD by Kubernetes
	// (into STATE_URL): not by serve.
	known := append(serveVariables(), "GOMEMLIMIT", "STATE_PASSWORD")
	secret := objs["Secret/incidentbot-secrets"]
	env := map[string]string{}
	for _, e := range c.Env {
		if !slices.Contains(known, e.Name) {
			t.Errorf("env %s is not a variable serve reads", e.Name)
		}
		env[e.Name] = e.Value
		if ref := e.ValueFrom.SecretKeyRef; ref.Name != "" {
			if _, ok := secret.StringData[ref.Key]; ref.Name != secret.Metadata.Name || !ok {
				t.Errorf("env %s comes from %s/%s, which the Secret example does not hold", e.Name, ref.Name, ref.Key)
			}
			env[e.Name] = "(secret)"
		}
	}
	defaulted := map[string]bool{}
	for _, f := range envFields() {
		if name := f.Tag.Get("envconfig"); f.Tag.Get("default") != "" {
			defaulted[name] = true
		}
	}
	// A platform the deployment does not run (none of its variables set)
	// needs none of them there.
	undeployed := map[string]bool{}
	for _, p := range chatPlatforms() {
		names := envNamesOf(reflect.TypeOf(p).Elem())
		if !slices.ContainsFunc(names, func(n string) bool { _, set := env[n]; return set }) {
			for _, n := range names {
				undeployed[n] = true
			}
		}
	}
	for _, name := range serveVariables() {
		if _, set := env[name]; !set && !defaulted[name] && unsetOnPurpose[name] == "" && !undeployed[name] {
			t.Errorf("serve reads %s, which the deployment neither sets nor has a default for", name)
		}
	}
	for _, name := range []string{"SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "DISCORD_PUBLIC_KEY", "DISCORD_BOT_TOKEN", "ADMIN_USER_IDS", "STATE_PASSWORD"} {
		if env[name] != "(secret)" {
			t.Errorf("%s is not taken from the Secret", name)
		}
	}
	state := objs["StatefulSet/incidentbot-state"]
	if want := "redis://:$(STATE_PASSWORD)@" + state.Spec.ServiceName + ":6379/0"; env["STATE_URL"] != want || state.Spec.Replicas != 1 {
		t.Errorf("STATE_URL = %q with %d store replicas; want %q, one replica", env["STATE_URL"], state.Spec.Replicas, want)
	}
	order := map[string]int{}
	for i, e := range c.Env {
		order[e.Name] = i
	}
	if order["STATE_PASSWORD"] > order["STATE_URL"] {
		t.Error("STATE_PASSWORD comes after STATE_URL: Kubernetes expands only variables defined before")
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
	if sc := state.Spec.Template.Spec.Containers[0]; sc.ReadinessProbe.TCPSocket.Port != "redis" || sc.LivenessProbe.TCPSocket.Port != "redis" {
		t.Errorf("the store's probes %+v, %+v; want its redis port", sc.ReadinessProbe, sc.LivenessProbe)
	}
	// Issue 11: metrics on a port of their own, which the scrape
	// annotation names and the Service does not expose.
	ann := deploy.Spec.Template.Metadata.Annotations
	if len(c.Ports) != 2 || c.Ports[1].Name != "metrics" || ":"+itoa(c.Ports[1].ContainerPort) != env["METRICS_ADDR"] ||
		ann["prometheus.io/port"] != itoa(c.Ports[1].ContainerPort) || env["METRICS_ADDR"] == env["HTTP_ADDR"] {
		t.Errorf("metrics: ports %+v, METRICS_ADDR %q, scrape port %q; want a metrics port of its own, scraped", c.Ports, env["METRICS_ADDR"], ann["prometheus.io/port"])
	}
	// Issue 11: GOMEMLIMIT a little under the container's memory limit.
	limit, memLimit := mebibytes(c.Resources.Limits.Memory, "Mi"), mebibytes(env["GOMEMLIMIT"], "MiB")
	if memLimit <= 0 || memLimit >= limit || memLimit < limit*3/4 {
		t.Errorf("GOMEMLIMIT %q against a memory limit of %q; want a little under it", env["GOMEMLIMIT"], c.Resources.Limits.Memory)
	}
	if c.Resources.Requests.CPU == "" || c.Resources.Requests.Memory == "" {
		t.Errorf("resources %+v: the autoscaler on CPU needs a CPU request", c.Resources)
	}

	// KB_PATH is a folder of incidents, the ConfigMap mounted whole: each
	// of its keys is one knowledge file, updated in place.
	mounted := false
	for _, m := range c.VolumeMounts {
		if m.MountPath == env["KB_PATH"] && m.SubPath == "" {
			for _, v := range deploy.Spec.Template.Spec.Volumes {
				mounted = mounted || (v.Name == m.Name && v.ConfigMap.Name == "incidentbot-kb")
			}
		}
	}
	if !mounted {
		t.Errorf("KB_PATH %q is not a folder mounted whole from the incidentbot-kb ConfigMap", env["KB_PATH"])
	}
	kbs := objs["ConfigMap/incidentbot-kb"].Data
	if len(kbs) == 0 {
		t.Error("the incidentbot-kb ConfigMap holds no knowledge file")
	}
	for key := range kbs {
		if !isKnowledgeFile(key) {
			t.Errorf("the incidentbot-kb ConfigMap's key %s is not a knowledge file (*.yaml) the folder serves", key)
		}
	}

	ing := objs["Ingress/incidentbot"]
	if len(ing.Spec.TLS) == 0 || ing.Spec.TLS[0].SecretName == "" || len(ing.Spec.Rules) == 0 {
		t.Fatalf("the Ingress has no TLS: %+v", ing.Spec)
	}
	var paths []string
	for _, p := range ing.Spec.Rules[0].HTTP.Paths {
		if p.Backend.Service.Name != "incidentbot" {
			t.Errorf("Ingress path %s goes to %q", p.Path, p.Backend.Service.Name)
		}
		paths = append(paths, p.Path)
	}
	if !slices.Equal(paths, []string{"/slack", "/discord"}) {
		t.Errorf("Ingress paths %q; want the webhooks only, /slack and /discord", paths)
	}
}

// TestKubernetesKnowledgeFile: the ConfigMap's file is a copy of the
// default base (kustomize reads nothing outside its folder). After
// editing knowledge/incident.yaml: cp knowledge/incident.yaml
// deploy/kubernetes/incident.yaml.
func TestKubernetesKnowledgeFile(t *testing.T) {
	want, err := os.ReadFile("../../knowledge/incident.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../deploy/kubernetes/incident.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("deploy/kubernetes/incident.yaml differs from knowledge/incident.yaml: cp knowledge/incident.yaml deploy/kubernetes/incident.yaml")
	}
}

// TestDockerfile reads the Dockerfile (no engine runs here): two stages,
// the binary built static from ./cmd/incidentbot, and a non-root runtime
// with CA certificates whose entry point serves what the Deployment asks.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var froms []string
	var user, entry, build string
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "FROM":
			froms = append(froms, f[1])
		case "USER":
			user = f[1]
		case "ENTRYPOINT":
			entry = strings.Join(f[1:], " ")
		case "RUN":
			if strings.Contains(line, "go build") {
				build = line
			}
		}
	}
	if len(froms) != 2 || !strings.HasPrefix(froms[0], "golang:") {
		t.Errorf("stages %q; want a Go build stage and a runtime", froms)
	}
	if len(froms) == 2 && !strings.HasPrefix(froms[1], "gcr.io/distroless/static") {
		t.Errorf("runtime %q; want distroless static (CA certificates, no shell)", froms[1])
	}
	if uid, _, _ := strings.Cut(user, ":"); uid == "" || uid == "0" || uid == "root" {
		t.Errorf("USER %q; want a non-root user", user)
	}
	if !strings.Contains(build, "CGO_ENABLED=0") || !strings.Contains(build, "./cmd/incidentbot") {
		t.Errorf("build step %q; want a static build of ./cmd/incidentbot", build)
	}
	if !strings.Contains(entry, "incidentbot") {
		t.Errorf("ENTRYPOINT %s; want the binary, so that the Deployment's args [serve] run serve", entry)
	}
	goVersion := func(s string) string {
		m := regexp.MustCompile(`\b1\.(\d+)`).FindString(s)
		return m
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if len(froms) > 0 && goVersion(froms[0]) != goVersion(string(mod)) {
		t.Errorf("build stage %s; want the Go of go.mod (%s)", froms[0], goVersion(string(mod)))
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
	want := []chatPlatform{&SlackConfig{Reply: "ephemeral"}, &DiscordConfig{RegisterAtStart: true, ShardCount: 1, Reply: "ephemeral"}}
	if !reflect.DeepEqual(cfg.Platforms, want) {
		t.Errorf("unprefixed variables were read: %+v", cfg.Platforms)
	}
}

// TestKustomizeIsTestOnly: the kustomize API renders the manifests in
// tests; the binary must not link it.
func TestKustomizeIsTestOnly(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for dep := range strings.Lines(string(out)) {
		if strings.HasPrefix(dep, "sigs.k8s.io/") {
			t.Errorf("incidentbot links %s", strings.TrimSpace(dep))
		}
	}
}
