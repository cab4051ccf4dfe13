import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.Map;

/**
 * Loads an exported model with ONNX Runtime Java (as the ML bridge does) and prints the top items
 * and scores, one "id TAB score" per line, for one session given as arguments: MODEL L ITEM...
 */
public final class OnnxContractCheck {
    private OnnxContractCheck() {}

    public static void main(String[] args) throws Exception {
        String modelPath = args[0];
        int window = Integer.parseInt(args[1]);
        String[] session = Arrays.copyOfRange(args, 2, args.length);
        String[][] input = new String[1][window];
        Arrays.fill(input[0], "");
        for (int i = 0; i < session.length; i++) {
            input[0][window - session.length + i] = session[i];
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession model = env.createSession(modelPath, options);
                 OnnxTensor tensor = OnnxTensor.createTensor(env, input);
                 OrtSession.Result result = model.run(Map.of("item_ids", tensor))) {
                String[][] items = (String[][]) result.get("top_items").orElseThrow().getValue();
                float[][] scores = (float[][]) result.get("top_scores").orElseThrow().getValue();
                for (int k = 0; k < items[0].length; k++) {
                    System.out.println(items[0][k] + "\t" + scores[0][k]);
                }
            }
        }
    }
}
