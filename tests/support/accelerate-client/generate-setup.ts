import { generateCurrentClient } from "./generate.mjs";

// For projects whose tests drive the generated test client through the real gateway
// (tests/integration/gateway): generated here, or found up to date (~0 s).
export default function setup() {
  generateCurrentClient();
}
