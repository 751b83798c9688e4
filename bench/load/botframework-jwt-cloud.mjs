// Loopback stand-in for Microsoft's identity side, for the JWT benchmark: a throwaway RSA key, the Bot Framework
// OpenID metadata + JWKS (key endorsed for emulator/webchat/msteams), an Entra-like token endpoint, and one
// pre-minted channel token (iss api.botframework.com, aud = APP_ID, serviceurl = SERVICE_URL) written to TOKEN_FILE.
// Run: node botframework-jwt-cloud.mjs PORT APP_ID SERVICE_URL TOKEN_FILE
import http from "node:http";
import crypto from "node:crypto";
import fs from "node:fs";

const [port, appId, serviceUrl, tokenFile] = process.argv.slice(2);
const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = publicKey.export({ format: "jwk" });
const kid = "bench-key";
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const signingInput = b64({ alg: "RS256", typ: "JWT", kid }) + "." +
  b64({ iss: "https://api.botframework.com", aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600 });
const token = signingInput + "." + crypto.sign("RSA-SHA256", Buffer.from(signingInput), privateKey).toString("base64url");
fs.writeFileSync(tokenFile, token);

const base = `http://127.0.0.1:${port}`;
const routes = {
  "/v1/.well-known/openidconfiguration": { issuer: "https://api.botframework.com", jwks_uri: `${base}/v1/keys` },
  "/v1/keys": { keys: [{ kty: "RSA", use: "sig", kid, n: jwk.n, e: jwk.e, endorsements: ["emulator", "webchat", "msteams", "directline"] }] },
};
http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const path = req.url.split("?")[0];
    const body = req.method === "POST" && path === "/token"
      ? { token_type: "Bearer", expires_in: 3600, access_token: "bench-connector-token" }
      : routes[path];
    res.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
    res.end(body ? JSON.stringify(body) : "");
  });
}).listen(Number(port), "127.0.0.1", () => console.log("ready"));
