/** The observed information for standard errors: a Hessian from gradients, and its inverse. */

/**
 * Hessian of a function by central differences of its analytic gradient, symmetrised. Steps are
 * relative to each coordinate (1e-5·max(|x_i|, 1e-3)), which suits positive parameters.
 */
export function hessianFromGradient(
  gradient: (x: Float64Array, g: Float64Array) => void,
  at: ArrayLike<number>,
) {
  const n = at.length;
  const x = Float64Array.from(at);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const H = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const h = 1e-5 * Math.max(Math.abs(at[j]), 1e-3);
    x[j] = at[j] + h;
    gradient(x, gp);
    x[j] = at[j] - h;
    gradient(x, gm);
    x[j] = at[j];
    for (let i = 0; i < n; i++) H[i * n + j] = (gp[i] - gm[i]) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (H[i * n + j] + H[j * n + i]);
      H[i * n + j] = v;
      H[j * n + i] = v;
    }
  }
  return H;
}

/** Inverse of a symmetric positive-definite n×n matrix by Cholesky; null when it is not positive definite. */
export function invertSpd(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        L[i * n + i] = Math.sqrt(sum);
      } else {
        L[i * n + j] = sum / L[j * n + j];
      }
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= L[i * n + k] * col[k];
      col[i] = sum / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = col[i];
      for (let k = i + 1; k < n; k++) sum -= L[k * n + i] * col[k];
      col[i] = sum / L[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + c] = col[i];
  }
  return inv;
}
