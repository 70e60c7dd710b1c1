"""Structural tests of the users-service chart, on what `helm template` really renders.

Run by scripts/helm-check, which passes HELM (the helm binary), and for the tests against the
application also USERS_JAR (the built jar) and BUF (buf, for gRPC health calls). Every test fails,
never skips, when something it needs is missing.
"""
import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CHART = os.path.join(os.path.dirname(HERE), "users-service")
CI_VALUES = sorted(glob.glob(os.path.join(CHART, "ci", "*.yaml")))
INVALID_VALUES = sorted(glob.glob(os.path.join(HERE, "invalid", "*.yaml")))
SELECTOR = {"app.kubernetes.io/name": "users-service", "app.kubernetes.io/instance": "users"}


def helm(*args, check=True):
    result = subprocess.run([os.environ["HELM"], *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"helm {' '.join(args)} failed:\n{result.stderr}")
    return result


def render(values_file=None, *sets):
    args = ["template", "users", CHART, "--namespace", "apps"]
    if values_file:
        args += ["-f", values_file]
    for s in sets:
        args += ["--set", s]
    docs = [d for d in yaml.safe_load_all(helm(*args).stdout) if d]
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


def one(objects, kind, suffix=""):
    found = [o for (k, name), o in objects.items() if k == kind and name.endswith("users-service" + suffix)]
    if len(found) != 1:
        raise AssertionError(f"expected one {kind} *users-service{suffix}, found {[n for k, n in objects if k == kind]}")
    return found[0]


def values(name):
    return os.path.join(CHART, "ci", name)


def container(objects):
    return one(objects, "Deployment")["spec"]["template"]["spec"]["containers"][0]


def matches(selector, labels):
    return all(labels.get(k) == v for k, v in selector.items())


class EveryModeTests(unittest.TestCase):
    """What must hold whatever values a release uses."""

    def test_every_values_file_passes_helm_lint_strict(self):
        for f in CI_VALUES:
            with self.subTest(values=os.path.basename(f)):
                result = helm("lint", "--strict", CHART, "-f", f, check=False)
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_pods_run_non_root_read_only_without_privileges(self):
        for f in CI_VALUES:
            with self.subTest(values=os.path.basename(f)):
                objects = render(f)
                pod = one(objects, "Deployment")["spec"]["template"]["spec"]
                self.assertTrue(pod["securityContext"]["runAsNonRoot"])
                self.assertNotEqual(pod["securityContext"]["runAsUser"], 0)
                self.assertEqual(pod["securityContext"]["seccompProfile"], {"type": "RuntimeDefault"})
                self.assertFalse(pod["automountServiceAccountToken"])
                ctx = pod["containers"][0]["securityContext"]
                self.assertTrue(ctx["readOnlyRootFilesystem"])
                self.assertFalse(ctx["allowPrivilegeEscalation"])
                self.assertEqual(ctx["capabilities"]["drop"], ["ALL"])

    def test_writable_mounts_are_only_tmp_and_data(self):
        # With a read-only root filesystem the JVM and H2 can write only where a volume is mounted.
        for f in CI_VALUES:
            with self.subTest(values=os.path.basename(f)):
                mounts = container(render(f))["volumeMounts"]
                writable = sorted(m["mountPath"] for m in mounts if not m.get("readOnly"))
                self.assertEqual(writable, ["/app/data", "/tmp"])

    def test_probes_are_native_grpc_on_the_grpc_port_against_the_health_services(self):
        for f in CI_VALUES:
            with self.subTest(values=os.path.basename(f)):
                c = container(render(f))
                grpc_port = next(p["containerPort"] for p in c["ports"] if p["name"] == "grpc")
                for probe, service in [("startupProbe", "liveness"), ("livenessProbe", "liveness"),
                                       ("readinessProbe", "readiness")]:
                    self.assertEqual(c[probe]["grpc"], {"port": grpc_port, "service": service}, probe)

    def test_ports_match_between_service_container_and_configuration(self):
        objects = render(values("h2-values.yaml"), "service.grpcPort=7000", "service.httpPort=7001")
        c = container(objects)
        self.assertEqual({p["name"]: p["containerPort"] for p in c["ports"]}, {"grpc": 7000, "http": 7001})
        app = yaml.safe_load(one(objects, "ConfigMap")["data"]["application.yaml"])
        self.assertEqual(app["spring"]["grpc"]["server"]["port"], 7000)
        self.assertEqual(app["server"]["port"], 7001)
        service = one(objects, "Service")
        self.assertEqual({p["name"]: (p["port"], p["targetPort"]) for p in service["spec"]["ports"]},
                         {"grpc": (7000, "grpc"), "http": (7001, "http")})

    def test_config_values_cannot_move_the_ports_the_probes_use(self):
        app = yaml.safe_load(one(render(values("config-values.yaml")), "ConfigMap")["data"]["application.yaml"])
        self.assertEqual(app["server"]["port"], 8080)
        self.assertEqual(app["users"]["list"]["max-page-size"], 500)
        self.assertEqual(app["logging"]["structured"]["format"]["console"], "ecs")

    def test_no_secret_values_are_rendered(self):
        for f in CI_VALUES:
            with self.subTest(values=os.path.basename(f)):
                objects = render(f)
                self.assertEqual([n for k, n in objects if k == "Secret"], [])
                for env in container(objects).get("env", []):
                    if any(word in env["name"] for word in ("PASSWORD", "SECRET", "SIGNINGKEY", "TOKEN")):
                        self.assertIn("secretKeyRef", env.get("valueFrom", {}), env["name"])

    def test_selectors_of_every_object_match_the_pods(self):
        for f in CI_VALUES:
            with self.subTest(values=os.path.basename(f)):
                objects = render(f)
                labels = one(objects, "Deployment")["spec"]["template"]["metadata"]["labels"]
                self.assertTrue(matches(one(objects, "Service")["spec"]["selector"], labels))
                self.assertTrue(matches(one(objects, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"], labels))
                self.assertTrue(matches(one(objects, "NetworkPolicy")["spec"]["podSelector"]["matchLabels"], labels))
                spread = one(objects, "Deployment")["spec"]["template"]["spec"]["topologySpreadConstraints"]
                self.assertEqual({s["topologyKey"] for s in spread},
                                 {"kubernetes.io/hostname", "topology.kubernetes.io/zone"})
                for s in spread:
                    self.assertTrue(matches(s["labelSelector"]["matchLabels"], labels))

    def test_connections_are_aged_out_so_new_pods_get_clients(self):
        app = yaml.safe_load(one(render(values("headless-values.yaml")), "ConfigMap")["data"]["application.yaml"])
        self.assertEqual(app["spring"]["grpc"]["server"]["keepalive"]["connection"]["max-age"], "10m")

    def test_a_config_change_rolls_the_pods(self):
        before = one(render(values("h2-values.yaml")), "Deployment")["spec"]["template"]["metadata"]["annotations"]
        after = one(render(values("h2-values.yaml"), "config.users.list.max-page-size=10"),
                    "Deployment")["spec"]["template"]["metadata"]["annotations"]
        self.assertNotEqual(before["checksum/config"], after["checksum/config"])

    def test_network_policy_opens_grpc_and_limits_http_to_the_monitoring_namespace(self):
        policy = one(render(values("h2-values.yaml")), "NetworkPolicy")["spec"]
        self.assertEqual(policy["policyTypes"], ["Ingress"])
        grpc_rule, http_rule = policy["ingress"]
        self.assertEqual(grpc_rule["ports"], [{"port": "grpc", "protocol": "TCP"}])
        self.assertNotIn("from", grpc_rule)
        self.assertEqual(http_rule["ports"], [{"port": "http", "protocol": "TCP"}])
        self.assertEqual(http_rule["from"][0]["namespaceSelector"]["matchLabels"],
                         {"kubernetes.io/metadata.name": "monitoring"})


class ModeTests(unittest.TestCase):

    def test_h2_mode_is_one_replica_on_a_kept_claim_recreated_not_rolled(self):
        objects = render(values("h2-values.yaml"))
        deployment = one(objects, "Deployment")["spec"]
        self.assertEqual(deployment["replicas"], 1)
        self.assertEqual(deployment["strategy"]["type"], "Recreate")
        claim = one(objects, "PersistentVolumeClaim", "-data")
        self.assertEqual(claim["metadata"]["annotations"]["helm.sh/resource-policy"], "keep")
        data = next(v for v in deployment["template"]["spec"]["volumes"] if v["name"] == "data")
        self.assertEqual(data["persistentVolumeClaim"]["claimName"], claim["metadata"]["name"])
        app = yaml.safe_load(one(objects, "ConfigMap")["data"]["application.yaml"])
        self.assertTrue(app["spring"]["datasource"]["url"].startswith("jdbc:h2:file:/app/data/"))

    def test_h2_mode_refuses_more_than_one_replica_even_without_the_schema(self):
        result = helm("template", "users", CHART, "-f", values("h2-values.yaml"), "--set", "replicaCount=2",
                      "--skip-schema-validation", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("database.type h2 runs exactly one replica", result.stderr)

    def test_postgresql_mode_rolls_replicas_with_credentials_from_the_secret(self):
        objects = render(values("postgresql-values.yaml"))
        deployment = one(objects, "Deployment")["spec"]
        self.assertEqual(deployment["replicas"], 3)
        self.assertEqual(deployment["strategy"]["rollingUpdate"], {"maxSurge": 1, "maxUnavailable": 0})
        self.assertEqual([k for k, _ in objects if k == "PersistentVolumeClaim"], [])
        env = {e["name"]: e for e in container(objects)["env"]}
        self.assertEqual(env["SPRING_DATASOURCE_USERNAME"]["valueFrom"]["secretKeyRef"], {"name": "users-db", "key": "username"})
        self.assertEqual(env["SPRING_DATASOURCE_PASSWORD"]["valueFrom"]["secretKeyRef"], {"name": "users-db", "key": "password"})
        self.assertEqual(env["USERS_TOKENS_SIGNINGKEY"]["valueFrom"]["secretKeyRef"],
                         {"name": "users-token-signing", "key": "signing-key"})
        app = yaml.safe_load(one(objects, "ConfigMap")["data"]["application.yaml"])
        self.assertEqual(app["spring"]["datasource"]["url"], "jdbc:postgresql://postgres.db.svc:5432/users?sslmode=require")
        self.assertEqual(app["spring"]["datasource"]["hikari"]["maximum-pool-size"], 10)
        jwt = app["spring"]["security"]["oauth2"]["resourceserver"]["jwt"]
        self.assertEqual(jwt["audiences"], ["users-service"])
        self.assertEqual(jwt["jws-algorithms"], ["RS256", "ES256"])

    def test_public_key_from_a_secret_is_mounted_where_the_configuration_points(self):
        objects = render(values("public-key-values.yaml"))
        app = yaml.safe_load(one(objects, "ConfigMap")["data"]["application.yaml"])
        location = app["spring"]["security"]["oauth2"]["resourceserver"]["jwt"]["public-key-location"]
        mount = next(m for m in container(objects)["volumeMounts"] if m["name"] == "jwt-public-key")
        volume = next(v for v in one(objects, "Deployment")["spec"]["template"]["spec"]["volumes"]
                      if v["name"] == "jwt-public-key")
        self.assertEqual(location, "file:" + mount["mountPath"] + "/" + volume["secret"]["items"][0]["path"])
        self.assertEqual(volume["secret"]["secretName"], "users-jwt-public-key")

    def test_jwt_settings_can_come_from_a_secret_alone(self):
        objects = render(values("jwt-from-secret-values.yaml"))
        env = {e["name"]: e for e in container(objects)["env"]}
        self.assertEqual(env["SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI"]["valueFrom"]["secretKeyRef"],
                         {"name": "users-jwt", "key": "issuer-uri"})
        app = yaml.safe_load(one(objects, "ConfigMap")["data"]["application.yaml"])
        self.assertEqual(app["spring"]["security"]["oauth2"]["resourceserver"]["jwt"], {})

    def test_headless_service_lists_only_ready_pods_on_the_grpc_port(self):
        objects = render(values("headless-values.yaml"))
        headless = one(objects, "Service", "-headless")["spec"]
        self.assertEqual(headless["clusterIP"], "None")
        self.assertFalse(headless["publishNotReadyAddresses"])
        self.assertEqual([(p["name"], p["targetPort"]) for p in headless["ports"]], [("grpc", "grpc")])
        self.assertNotIn(("Service", "users-users-service-headless"), render(values("h2-values.yaml")))

    def test_autoscaler_owns_the_replica_count_of_the_deployment(self):
        objects = render(values("autoscaling-values.yaml"))
        hpa = one(objects, "HorizontalPodAutoscaler")["spec"]
        deployment = one(objects, "Deployment")
        self.assertNotIn("replicas", deployment["spec"])
        self.assertEqual(hpa["scaleTargetRef"], {"apiVersion": "apps/v1", "kind": "Deployment",
                                                 "name": deployment["metadata"]["name"]})
        self.assertEqual((hpa["minReplicas"], hpa["maxReplicas"]), (3, 12))
        policy = one(objects, "NetworkPolicy")["spec"]
        self.assertEqual(policy["policyTypes"], ["Ingress", "Egress"])
        self.assertIn({"port": 53, "protocol": "UDP"}, policy["egress"][0]["ports"])

    def test_monitoring_scrapes_actuator_and_carries_the_alert_rules_promtool_checks(self):
        objects = render(values("monitoring-values.yaml"))
        monitor = one(objects, "ServiceMonitor")["spec"]
        service = one(objects, "Service")
        endpoint = monitor["endpoints"][0]
        self.assertEqual(endpoint["path"], "/actuator/prometheus")
        self.assertIn(endpoint["port"], [p["name"] for p in service["spec"]["ports"]])
        self.assertTrue(matches(monitor["selector"]["matchLabels"], service["metadata"]["labels"]))
        # The alert rules select job="users-service": the job label comes from this Service label.
        self.assertEqual(service["metadata"]["labels"][monitor["jobLabel"]], "users-service")
        with open(os.path.join(CHART, "files", "alerts.yml")) as alerts:
            self.assertEqual(one(objects, "PrometheusRule")["spec"], yaml.safe_load(alerts))

    def test_the_dashboard_is_shipped_for_grafanas_sidecar_only_when_asked(self):
        objects = render(values("monitoring-values.yaml"))
        dashboard = one(objects, "ConfigMap", "-grafana-dashboard")
        self.assertEqual(dashboard["metadata"]["labels"]["grafana_dashboard"], "1")
        with open(os.path.join(CHART, "files", "grafana-dashboard.json")) as shipped:
            self.assertEqual(json.loads(dashboard["data"]["users-service.json"]), json.load(shipped))
        self.assertNotIn("-grafana-dashboard", " ".join(n for k, n in render(values("h2-values.yaml")) if k == "ConfigMap"))

    def test_helm_test_asks_readiness_through_the_service_without_being_one_of_its_pods(self):
        for f in CI_VALUES:
            with self.subTest(values=os.path.basename(f)):
                objects = render(f)
                pod = one(objects, "Pod", "-test-grpc-health")
                self.assertEqual(pod["metadata"]["annotations"]["helm.sh/hook"], "test")
                service = one(objects, "Service")
                port = next(p["port"] for p in service["spec"]["ports"] if p["name"] == "grpc")
                args = pod["spec"]["containers"][0]["args"]
                self.assertIn(f"-addr={service['metadata']['name']}.apps.svc:{port}", args)
                self.assertIn("-service=readiness", args)
                self.assertFalse(matches(service["spec"]["selector"], pod["metadata"]["labels"]))
                self.assertTrue(pod["spec"]["securityContext"]["runAsNonRoot"])
                self.assertTrue(pod["spec"]["containers"][0]["securityContext"]["readOnlyRootFilesystem"])

    def test_invalid_values_are_refused_with_a_message_naming_the_value(self):
        self.assertGreaterEqual(len(INVALID_VALUES), 10)
        for f in INVALID_VALUES:
            with self.subTest(values=os.path.basename(f)):
                with open(f) as source:
                    expected = source.readline().removeprefix("# expect:").strip()
                result = helm("template", "users", CHART, "-f", f, check=False)
                self.assertNotEqual(result.returncode, 0, "rendered although invalid")
                self.assertIn(expected, result.stderr)

    def test_an_audience_is_required_even_without_the_schema(self):
        result = helm("template", "users", CHART, "-f", os.path.join(HERE, "invalid", "no-audience.yaml"),
                      "--skip-schema-validation", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("set jwt.audiences", result.stderr)
        self.assertIn("jwt.audienceRequired=false", result.stderr)

    def test_the_audience_reaches_the_service_which_requires_one(self):
        app = yaml.safe_load(one(render(values("h2-values.yaml")), "ConfigMap")["data"]["application.yaml"])
        self.assertEqual(app["spring"]["security"]["oauth2"]["resourceserver"]["jwt"]["audiences"], ["users-service"])
        self.assertIs(app["users"]["security"]["audience-required"], True)

    def test_an_audience_from_a_secret_satisfies_the_requirement(self):
        objects = render(values("jwt-from-secret-values.yaml"))
        env = {e["name"] for e in container(objects)["env"]}
        self.assertIn("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", env)

    def test_the_audience_requirement_is_switched_off_only_on_purpose(self):
        app = yaml.safe_load(one(render(values("audience-not-required-values.yaml")), "ConfigMap")["data"]["application.yaml"])
        self.assertNotIn("audiences", app["spring"]["security"]["oauth2"]["resourceserver"]["jwt"])
        self.assertIs(app["users"]["security"]["audience-required"], False)
        # config cannot switch it off behind the chart's back.
        app = yaml.safe_load(one(render(values("h2-values.yaml"), "config.users.security.audience-required=false"),
                                 "ConfigMap")["data"]["application.yaml"])
        self.assertIs(app["users"]["security"]["audience-required"], True)

    def test_default_values_refuse_to_render_without_jwt_keys(self):
        result = helm("template", "users", CHART, check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("/jwt/", result.stderr)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RenderedConfigurationOnTheRealServiceTests(unittest.TestCase):
    """Starts the jar with the ConfigMap the chart renders and calls what the probes and the
    ServiceMonitor name: the chart points at ports and services the application really serves."""

    @classmethod
    def setUpClass(cls):
        for name in ("USERS_JAR", "BUF"):
            if not os.environ.get(name):
                raise AssertionError(f"{name} is not set: run scripts/helm-check")
        cls.objects = render(values("monitoring-values.yaml"),
                             f"service.grpcPort={free_port()}", f"service.httpPort={free_port()}")
        cls.work = tempfile.mkdtemp()
        os.makedirs(os.path.join(cls.work, "config"))
        with open(os.path.join(cls.work, "config", "application.yaml"), "w") as out:
            out.write(one(cls.objects, "ConfigMap")["data"]["application.yaml"])
        # As in the pod, Spring Boot finds ./config/application.yaml; only the H2 file moves, since
        # /app/data is the pod's volume.
        cls.log = open(os.path.join(cls.work, "service.log"), "w")
        cls.process = subprocess.Popen(
            ["java", "-XX:TieredStopAtLevel=1", "-jar", os.environ["USERS_JAR"],
             f"--spring.datasource.url=jdbc:h2:file:{cls.work}/data/users"],
            cwd=cls.work, stdout=cls.log, stderr=subprocess.STDOUT)
        cls.grpc_port = next(p["containerPort"] for p in container(cls.objects)["ports"] if p["name"] == "grpc")
        deadline = time.time() + 120
        while time.time() < deadline:
            if cls.process.poll() is not None:
                break
            if cls.health("liveness").get("status") == "SERVING":
                return
            time.sleep(1)
        log = cls.service_log()
        cls.tearDownClass()
        raise AssertionError("the service did not start with the chart's configuration:\n" + log)

    @classmethod
    def tearDownClass(cls):
        cls.process.terminate()
        cls.process.wait(30)
        cls.log.close()
        shutil.rmtree(cls.work, ignore_errors=True)

    @classmethod
    def service_log(cls):
        with open(os.path.join(cls.work, "service.log")) as log:
            return log.read()[-4000:]

    @classmethod
    def health(cls, service):
        result = subprocess.run(
            [os.environ["BUF"], "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--timeout", "5s",
             "-d", json.dumps({"service": service}),
             f"http://127.0.0.1:{cls.grpc_port}/grpc.health.v1.Health/Check"],
            capture_output=True, text=True)
        return json.loads(result.stdout) if result.returncode == 0 and result.stdout.strip() else {"error": result.stderr}

    def test_every_probe_is_answered_serving_on_its_port(self):
        c = container(self.objects)
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            with self.subTest(probe=probe):
                self.assertEqual(c[probe]["grpc"]["port"], self.grpc_port)
                self.assertEqual(self.health(c[probe]["grpc"]["service"]), {"status": "SERVING"})

    def test_an_unknown_health_service_is_not_reported_serving(self):
        self.assertNotEqual(self.health("no-such-service").get("status"), "SERVING")

    def test_service_monitor_path_serves_prometheus_metrics_without_a_token(self):
        endpoint = one(self.objects, "ServiceMonitor")["spec"]["endpoints"][0]
        service_port = next(p for p in one(self.objects, "Service")["spec"]["ports"] if p["name"] == endpoint["port"])
        port = next(p["containerPort"] for p in container(self.objects)["ports"] if p["name"] == service_port["targetPort"])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{endpoint['path']}", timeout=10) as response:
            self.assertEqual(response.status, 200)
            body = response.read().decode()
        self.assertIn("jvm_memory_used_bytes", body)
        self.assertIn("grpc_server", body)

    def test_the_api_refuses_calls_without_a_token_under_the_charts_configuration(self):
        result = subprocess.run(
            [os.environ["BUF"], "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--timeout", "5s",
             "-d", "{}", f"http://127.0.0.1:{self.grpc_port}/users.v1.UserService/ListUsers"],
            capture_output=True, text=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("unauthenticated", (result.stdout + result.stderr).lower())


if __name__ == "__main__":
    unittest.main(verbosity=2)
