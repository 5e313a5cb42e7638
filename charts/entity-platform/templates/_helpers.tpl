{{/* Names and labels shared by every template. */}}

{{- define "entity-platform.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "entity-platform.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "entity-platform.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "entity-platform.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "entity-platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "entity-platform.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "entity-platform.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "entity-platform.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end -}}

{{/*
The namespace the operator watches: watchNamespace, or the release namespace when it is empty.
*/}}
{{- define "entity-platform.watchNamespace" -}}
{{- .Values.watchNamespace | default .Release.Namespace -}}
{{- end -}}

{{/*
A Go duration of the values schema's shape (500ms, 15s, 2m) in milliseconds, for the ordering checks.
*/}}
{{- define "entity-platform.durationMs" -}}
{{- $number := regexFind "^[0-9]+" . | atoi -}}
{{- if hasSuffix "ms" . -}}{{ $number }}{{- else if hasSuffix "s" . -}}{{ mul $number 1000 }}{{- else -}}{{ mul $number 60000 }}{{- end -}}
{{- end -}}

{{/*
The operator's rights on the resources it reconciles. Least privilege: no wildcards; EntityTypes are
never created or deleted by the operator (users own them); StatefulSets are resized through their
scale subresource (ScaleReconciler); pods are only read and evicted (a rolling update evicts one
drained pod at a time, so the PodDisruptionBudget arbitrates against node drains); events are only
recorded.
*/}}
{{- define "entity-platform.managerRules" -}}
{{- /*
Exactly the verbs the operator uses (the end-to-end test compares them with the requests it made):
objects it owns are server-side applied (patch, and create when an apply creates) and garbage-collected
through owner references, so no update or delete except the StatefulSet's delete by the finalizer;
status is written with a PUT; the finalizer with a merge patch. entitytypes/finalizers "update" is what
the OwnerReferencesPermissionEnforcement admission plugin requires to set blockOwnerDeletion on the
owned objects (not emulated, so no test run can show it used).
*/ -}}
- apiGroups: ["entityplatform.io"]
  resources: ["entitytypes"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["entityplatform.io"]
  resources: ["entitytypes/status"]
  verbs: ["update"]
- apiGroups: ["entityplatform.io"]
  resources: ["entitytypes/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["statefulsets/scale"]
  verbs: ["get", "update"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["pods/eviction"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
