package dev.walnut.ml.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.ml.MlflowFixture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client, the cache and the MLmodel parser against a real `mlflow server`. */
class MlflowClientTest {
  private static MlflowFixture mlflow;
  private static Map<Double, String> versions;

  @BeforeAll
  static void start() {
    mlflow = MlflowFixture.shared();
    versions = mlflow.logLinearModels("doubler", 2, 3);
    mlflow.client().setAlias("doubler", "champion", versions.get(2.0));
  }

  @Test
  void registeredModelsListTheirAliasesAndVersions() {
    MlflowClient client = mlflow.client();
    RegisteredModel model = client.registeredModel("doubler");
    assertThat(model.aliases()).containsExactly(Map.entry("champion", "1"));
    assertThat(model.latest()).extracting(ModelVersion::version).contains("2");
    assertThat(client.registeredModelNames()).contains("doubler");

    ModelVersion champion = client.versionByAlias("doubler", "champion");
    assertThat(champion.version()).isEqualTo("1");
    assertThat(champion.source()).startsWith("models:/m-");
    assertThat(client.modelVersion("doubler", "2").status()).isEqualTo("READY");
    assertThat(client.downloadUri("doubler", "1"))
        .startsWith("mlflow-artifacts:/")
        .endsWith("/artifacts");
  }

  @Test
  void theMlmodelFileDescribesFlavorsAndSignature() {
    MlModel model = mlflow.client().mlModel("doubler", "2");
    assertThat(model.hasFlavor("onnx")).isTrue();
    assertThat(model.onnxFile()).contains("model.onnx");
    assertThat(model.inputs())
        .containsExactly(new SignatureField("x", true, "float32", List.of(-1L, 1L), true));
    assertThat(model.outputs())
        .containsExactly(new SignatureField("y", true, "float32", List.of(-1L, 1L), true));
    assertThat(model.inputExamplePath()).contains("input_example.json");
  }

  @Test
  void columnSignaturesAndSessionOptionsAreParsed() {
    MlModel model =
        MlModel.parse(
            """
            flavors:
              onnx:
                data: m.onnx
                onnx_session_options:
                  intra_op_num_threads: 2
                  execution_mode: parallel
            signature:
              inputs: '[{"type": "double", "name": "amount", "required": true}, {"type": "string", "name": "country", "required": false}]'
              outputs: '[{"type": "long", "name": "label"}]'
            """);
    assertThat(model.inputs())
        .containsExactly(
            new SignatureField("amount", false, "double", List.of(), true),
            new SignatureField("country", false, "string", List.of(), false));
    assertThat(model.outputs()).extracting(SignatureField::name).containsExactly("label");
    assertThat(model.onnxSessionOptions())
        .containsEntry("intra_op_num_threads", 2)
        .containsEntry("execution_mode", "parallel");
    assertThat(model.inputExamplePath()).isEmpty();
  }

  @Test
  void versionsAreDownloadedOnceIntoTheCacheAndRepairedWhenDamaged(@TempDir Path root)
      throws Exception {
    ModelCache cache = new ModelCache(root);
    Path dir = cache.fetch(mlflow.client(), "doubler", "1");
    assertThat(dir).startsWith(root);
    assertThat(dir.resolve("model.onnx")).isRegularFile();
    assertThat(dir.resolve("MLmodel")).isRegularFile();
    long stamp = Files.getLastModifiedTime(dir.resolve("model.onnx")).toMillis();

    assertThat(cache.fetch(mlflow.client(), "doubler", "1")).isEqualTo(dir);
    assertThat(Files.getLastModifiedTime(dir.resolve("model.onnx")).toMillis()).isEqualTo(stamp);

    Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
    assertThat(cache.fetch(mlflow.client(), "doubler", "1")).isEqualTo(dir);
    assertThat(Files.size(dir.resolve("model.onnx"))).isGreaterThan(3);
    assertThat(cache.fetch(mlflow.client(), "doubler", "2")).isNotEqualTo(dir);
  }

  @Test
  void errorsSayWhatIsWrong() {
    MlflowClient client = mlflow.client();
    assertThatThrownBy(() -> client.registeredModel("no-such-model"))
        .isInstanceOf(MlflowException.class)
        .hasMessageStartingWith("`no-such-model` does not exist in the MLflow registry")
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThatThrownBy(() -> client.versionByAlias("doubler", "challenger"))
        .isInstanceOf(MlflowException.class)
        .hasMessageStartingWith("registered model `doubler` has no alias `challenger`")
        .extracting(e -> ((MlflowException) e).httpStatus())
        .isEqualTo(400);
    try (MlflowClient down = MlflowClient.create(URI.create("http://127.0.0.1:9"))) {
      assertThatThrownBy(() -> down.registeredModel("doubler"))
          .isInstanceOf(MlflowException.class)
          .hasMessageContaining("MLflow at http://127.0.0.1:9/ is unreachable")
          .hasMessageContaining("./walnut mlflow")
          .matches(e -> ((MlflowException) e).isUnreachable());
    }
  }
}
