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
The operator's rights on the resources it reconciles. Least privilege: no wildcards; EntityTypes are
never created or deleted by the operator (users own them); pods are only read and deleted (a rolling
update deletes one drained pod at a time); events are only recorded.
*/}}
{{- define "entity-platform.managerRules" -}}
- apiGroups: ["entityplatform.io"]
  resources: ["entitytypes"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["entityplatform.io"]
  resources: ["entitytypes/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["entityplatform.io"]
  resources: ["entitytypes/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
