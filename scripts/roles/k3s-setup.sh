#!/usr/bin/env bash
# lb-web role setup: the k3s host (FORMATS.md §12), run on the VM as root:
#   sudo bash k3s-setup.sh [--functions figlet,env] [--manifests DIR]
# k3s, helm, faas-cli, OpenFaaS (NodePort 31112, basic auth), Prometheus (NodePort 30411)
# scraping node-exporter (:9100), cAdvisor (:8080) and itself, then the functions from the
# OpenFaaS store. Idempotent: every step checks before it changes anything, so a re-run
# after a failure picks up where it stopped. Versions are pinned below (override by env).
set -euo pipefail

SCRIPT_VERSION=2
ROLE=k3s
K3S_VERSION="${K3S_VERSION:-v1.31.4+k3s1}"
HELM_VERSION="${HELM_VERSION:-v3.16.4}"
FAAS_CLI_VERSION="${FAAS_CLI_VERSION:-0.18.10}"
# Empty = the chart repository's current release (recorded in the output below).
OPENFAAS_CHART_VERSION="${OPENFAAS_CHART_VERSION:-}"
GATEWAY=http://127.0.0.1:31112
PROMETHEUS=http://127.0.0.1:30411

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

FUNCTIONS="figlet"
MANIFESTS="$HERE/manifests"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --functions) FUNCTIONS="${2:-}"; shift 2 ;;
    --manifests) MANIFESTS="${2:-}"; shift 2 ;;
    *) die "unknown argument: $1 (use --functions a,b --manifests DIR)" ;;
  esac
done
IFS=',' read -r -a FUNCTION_LIST <<<"$FUNCTIONS"
for f in "${FUNCTION_LIST[@]}"; do valid_name "$f" || die "invalid function name: '$f'"; done
[[ -d "$MANIFESTS" ]] || die "manifests directory not found: $MANIFESTS"

require_root
step "lb-web k3s setup v$SCRIPT_VERSION (k3s $K3S_VERSION, helm $HELM_VERSION, faas-cli $FAAS_CLI_VERSION)"
apt_install ca-certificates curl jq gnupg

# --- k3s -------------------------------------------------------------------------------
export KUBECONFIG=/etc/rancher/k3s/k3s.yaml
if command -v k3s >/dev/null && k3s --version | grep -qF "$K3S_VERSION"; then
  info "k3s $K3S_VERSION present"
else
  step "installing k3s $K3S_VERSION"
  download https://get.k3s.io /tmp/k3s-install.sh
  INSTALL_K3S_VERSION="$K3S_VERSION" sh /tmp/k3s-install.sh --write-kubeconfig-mode 644
  rm -f /tmp/k3s-install.sh
fi
step "waiting for the k3s node to be Ready"
wait_until 300 "k3s API" kubectl get nodes
wait_until 300 "the k3s node to register" node_registered
kubectl wait --for=condition=Ready node --all --timeout=300s

# --- helm and faas-cli -------------------------------------------------------------------
if command -v helm >/dev/null && helm version --short 2>/dev/null | grep -q "^${HELM_VERSION}+"; then
  info "helm $HELM_VERSION present"
else
  step "installing helm $HELM_VERSION"
  download "https://get.helm.sh/helm-${HELM_VERSION}-linux-$(arch).tar.gz" /tmp/helm.tgz
  tar -xzf /tmp/helm.tgz -C /tmp "linux-$(arch)/helm"
  install -m 0755 "/tmp/linux-$(arch)/helm" /usr/local/bin/helm
  rm -rf /tmp/helm.tgz "/tmp/linux-$(arch)"
fi
install_faas_cli "$FAAS_CLI_VERSION"

# --- OpenFaaS ------------------------------------------------------------------------------
step "namespaces openfaas and openfaas-fn"
kubectl apply -f "$MANIFESTS/namespaces.yaml"
step "OpenFaaS chart (NodePort 31112, basic auth, built-in prometheus/alertmanager off)"
retry 3 10 helm repo add openfaas https://openfaas.github.io/faas-netes/ --force-update
retry 3 10 helm repo update openfaas
chart_version_args=()
[[ -n "$OPENFAAS_CHART_VERSION" ]] && chart_version_args=(--version "$OPENFAAS_CHART_VERSION")
helm upgrade --install openfaas openfaas/openfaas --namespace openfaas "${chart_version_args[@]}" \
  --set functionNamespace=openfaas-fn --set generateBasicAuth=true \
  --set serviceType=NodePort --set gateway.nodePort=31112 \
  --set prometheus.create=false --set alertmanager.create=false \
  --wait --timeout 15m
info "chart: $(helm list -n openfaas -o json | jq -r '.[] | select(.name=="openfaas") | .chart')"
kubectl -n openfaas rollout status deploy/gateway --timeout=600s
wait_until 300 "OpenFaaS gateway at $GATEWAY" curl -fsS "$GATEWAY/healthz"

step "faas-cli login (password from the basic-auth secret)"
PASSWORD="$(kubectl -n openfaas get secret basic-auth -o jsonpath='{.data.basic-auth-password}' | base64 -d)"
[[ -n "$PASSWORD" ]] || die "the basic-auth secret in namespace openfaas has no password"
printf '%s' "$PASSWORD" | faas-cli login --username admin --password-stdin --gateway "$GATEWAY"
# faas-cli keeps its login in ~/.openfaas: give the default user one too, for verification.
if id ubuntu >/dev/null 2>&1; then
  printf '%s' "$PASSWORD" | sudo -u ubuntu -H faas-cli login --username admin --password-stdin --gateway "$GATEWAY" >/dev/null
fi

# --- Prometheus, node-exporter, cAdvisor ---------------------------------------------------
step "Prometheus (NodePort 30411), node-exporter (:9100), cAdvisor (:8080)"
kubectl apply -f "$MANIFESTS/node-exporter.yaml" -f "$MANIFESTS/cadvisor.yaml" -f "$MANIFESTS/prometheus.yaml"
kubectl -n openfaas rollout status daemonset/node-exporter --timeout=600s
kubectl -n openfaas rollout status daemonset/cadvisor --timeout=600s
kubectl -n openfaas rollout status deploy/prometheus --timeout=600s
wait_until 300 "Prometheus /-/ready" curl -fsS "$PROMETHEUS/-/ready"
has_node_cpu() {
  curl -fsS --get --data-urlencode 'query=node_cpu_seconds_total' "$PROMETHEUS/api/v1/query" | jq -e '.data.result | length > 0'
}
wait_until 300 "a non-empty node_cpu_seconds_total" has_node_cpu

# --- functions -------------------------------------------------------------------------------
for fn in "${FUNCTION_LIST[@]}"; do
  [[ -n "$fn" ]] || continue
  step "function $fn from the OpenFaaS store"
  retry 3 10 faas-cli store deploy "$fn" --gateway "$GATEWAY"
  retry 5 5 faas-cli ready "$fn" --gateway "$GATEWAY"
done

step "done"
echo "LBWEB_SETUP_DONE role=$ROLE version=$SCRIPT_VERSION"
