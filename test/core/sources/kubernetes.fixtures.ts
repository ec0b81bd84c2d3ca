// Manifests as clusters get them: several documents per file, workloads of every kind, init and
// ephemeral containers, node selection, a List, a custom resource embedding containers, and
// documents that name no image. Line numbers in the tests refer to this text.

export const SHOP_MANIFESTS = `# Shop: production manifests
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      nodeSelector:
        kubernetes.io/arch: arm64
      initContainers:
        - name: migrate
          image: ghcr.io/shop/web:2.4.1   # same image, runs the migrations
          args: ["migrate"]
      containers:
        - name: web
          image: "ghcr.io/shop/web:2.4.1"
          ports: [{containerPort: 8080}]
        - name: metrics
          image: 'prom/statsd-exporter:v0.27.1'
      volumes:
        - name: models
          image:
            reference: ghcr.io/shop/models:2025.01
            pullPolicy: IfNotPresent
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  template:
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - key: kubernetes.io/arch
                    operator: In
                    values: [amd64, arm64]
      containers:
        - name: postgres
          image: postgres:16.4@sha256:${'7'.repeat(64)}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          nodeSelector:
            beta.kubernetes.io/arch: amd64
          restartPolicy: OnFailure
          containers:
            - name: report
              image: ghcr.io/shop/report:1.0.3
---
apiVersion: batch/v1
kind: Job
metadata: {name: seed}
spec:
  template:
    spec:
      containers: [{name: seed, image: "busybox:1.36.1", command: ["sh", "-c", "echo seeded"]}]
      restartPolicy: Never
---
apiVersion: v1
kind: Pod
metadata: {name: debug-me}
spec:
  nodeSelector:
    kubernetes.io/os: windows
  containers:
    - name: app
      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
  ephemeralContainers:
    - name: debugger
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      targetContainerName: app
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  compose.yaml: |
    services:
      not-an-image-here:
        image: evil:1
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: node-agent}
    spec:
      template:
        spec:
          containers:
            - name: agent
              image: docker.io/datadog/agent:7.57.2
  - apiVersion: v1
    kind: ReplicationController
    metadata: {name: legacy}
    spec:
      template:
        spec:
          containers:
            - name: legacy
              image: nginx
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: etl-
spec:
  entrypoint: main
  templates:
    - name: main
      nodeSelector: {kubernetes.io/arch: arm64}
      initContainers:
        - name: fetch
          image: alpine/git:v2.45.2
      containers:
        - name: run
          image: python:3.12-slim
`;
