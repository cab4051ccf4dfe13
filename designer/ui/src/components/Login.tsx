import { useState } from "react";
import { api } from "../api";

export function Login({ onDone }: { onDone: () => void }) {
  const [user, setUser] = useState("admin");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="login"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.login(user, password);
          onDone();
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <h1>Walnut designer</h1>
      <input data-testid="login-user" value={user} onChange={(e) => setUser(e.target.value)} placeholder="user" />
      <input
        data-testid="login-password"
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        placeholder="password"
      />
      <button data-testid="login-submit" type="submit">
        Log in
      </button>
      {error && <div className="field-error">{error}</div>}
    </form>
  );
}
