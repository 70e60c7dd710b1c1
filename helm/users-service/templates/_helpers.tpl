{{/* Names and labels shared by every object of a release. */}}

{{- define "users-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "users-service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "users-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "users-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "users-service.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "users-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: grpc-server
{{- end }}

{{- define "users-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "users-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "users-service.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "users-service.h2ClaimName" -}}
{{- default (printf "%s-data" (include "users-service.fullname" .)) .Values.database.h2.persistence.existingClaim }}
{{- end }}

{{/*
Refuses values the schema cannot express or that a --skip-schema-validation install would let
through: a second writer on one H2 file, a service that would refuse every token, and one that
would not start for want of an audience.
*/}}
{{- define "users-service.validate" -}}
{{- if eq .Values.database.type "h2" }}
{{- if gt (int .Values.replicaCount) 1 }}
{{- fail "database.type h2 runs exactly one replica (one H2 file, one writer): set replicaCount 1 or use database.type postgresql" }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- fail "database.type h2 runs exactly one replica: autoscaling needs database.type postgresql" }}
{{- end }}
{{- else }}
{{- if not .Values.database.postgresql.url }}
{{- fail "database.type postgresql needs database.postgresql.url" }}
{{- end }}
{{- if not .Values.database.postgresql.existingSecret }}
{{- fail "database.type postgresql needs database.postgresql.existingSecret (the Secret with the database credentials)" }}
{{- end }}
{{- end }}
{{- if and .Values.jwt.publicKeySecret.name (or .Values.jwt.issuerUri .Values.jwt.jwkSetUri) }}
{{- fail "jwt.publicKeySecret is used alone: with jwt.issuerUri or jwt.jwkSetUri also set, Spring Boot fetches the issuer's keys instead of using the public key" }}
{{- end }}
{{- $jwtFromEnv := false }}
{{- range .Values.extraEnv }}
{{- if regexMatch "^SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_(ISSUERURI|JWKSETURI|PUBLICKEYLOCATION)$" .name }}
{{- $jwtFromEnv = true }}
{{- end }}
{{- end }}
{{- if not (or .Values.jwt.issuerUri .Values.jwt.jwkSetUri .Values.jwt.publicKeySecret.name $jwtFromEnv) }}
{{- fail "set jwt.issuerUri, jwt.jwkSetUri or jwt.publicKeySecret.name (or the matching SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_* variable in extraEnv): the service verifies every call's JWT and refuses to start without keys" }}
{{- end }}
{{- $audienceFromEnv := false }}
{{- range .Values.extraEnv }}
{{- if regexMatch "^SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES(_[0-9]+)?$" .name }}
{{- $audienceFromEnv = true }}
{{- end }}
{{- end }}
{{- if not (or .Values.jwt.audiences $audienceFromEnv (eq .Values.jwt.audienceRequired false)) }}
{{- fail "set jwt.audiences to the aud your issuer puts in tokens for this service (or SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES in extraEnv): without one the service would accept tokens minted for any other API, and refuses to start; jwt.audienceRequired=false turns this off on purpose" }}
{{- end }}
{{- end }}

{{/* The container's environment: JVM flags, and secrets only by reference. */}}
{{- define "users-service.env" -}}
{{- if .Values.javaToolOptions }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.javaToolOptions | quote }}
{{- end }}
{{- if eq .Values.database.type "postgresql" }}
- name: SPRING_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.postgresql.existingSecret }}
      key: {{ .Values.database.postgresql.usernameKey }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.postgresql.existingSecret }}
      key: {{ .Values.database.postgresql.passwordKey }}
{{- end }}
{{- with .Values.tokenSigningKeySecret.name }}
- name: USERS_TOKENS_SIGNINGKEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.tokenSigningKeySecret.key }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
