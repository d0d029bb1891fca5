/**
 * The autograd tape. Each op whose inputs require grad records a GradNode on its output: the inputs and a
 * backward closure that turns the output's gradient into its inputs' gradients. `backward()` is a
 * topological sort of the recorded graph plus a reverse walk (micrograd's engine.py, iterative here so that
 * long unrolled graphs cannot overflow the stack).
 */
import { ShapeError, TensorError } from "./errors.js";
import { formatShape, shapesEqual } from "./shape.js";
import type { Tensor } from "./tensor.js";

/** What an op records on its output for the backward pass. */
export interface GradNode {
  /** The op's name, for error messages. */
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Adds the gradient of each input that requires grad, given the output's gradient `dy`. */
  backward(dy: Tensor): void;
}

/** The node left on a tensor after backward() freed its graph. */
const FREED: GradNode = {
  op: "freed",
  inputs: [],
  backward() {
    throw new TensorError(
      "backward: this graph was already used by a backward() call; pass { retainGraph: true } to the first call",
    );
  },
};

/** The node left on a disposed tensor that an op had produced: reaching it in backward() is an error. */
export const DISPOSED: GradNode = {
  op: "disposed",
  inputs: [],
  backward() {
    throw new TensorError(
      "backward: a tensor of this graph was disposed (by dispose() or at the end of its scope()); " +
        "call backward() inside the scope that built the graph",
    );
  },
};

let gradEnabled = true;

/** Returns true when ops record the tape (false inside noGrad() and during backward()). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Returns fn()'s result, computed without recording the tape (inference, optimiser updates). */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Returns true when an op on these inputs must record a node (grad mode on and some input requires grad). */
export function needsGrad(a: Tensor, b?: Tensor | null, c?: Tensor | null, d?: Tensor | null): boolean {
  return gradEnabled && (a.requiresGrad || !!b?.requiresGrad || !!c?.requiresGrad || !!d?.requiresGrad);
}

/** Records `backward` on `out` (which then requires grad) and returns `out`. */
export function attach(
  out: Tensor,
  op: string,
  inputs: readonly Tensor[],
  backward: (dy: Tensor) => void,
): Tensor {
  out.requiresGrad = true;
  out._node = { op, inputs, backward };
  return out;
}

/** Returns true when the tensor's graph was freed by an earlier backward(). */
export function isFreed(node: GradNode | null): boolean {
  return node === FREED;
}

/**
 * Runs reverse-mode differentiation from `root`: accumulates d(root)/d(leaf) into every leaf's `.grad`
 * (seeded with `seed`, default 1 for a single-element root). Non-leaf gradients are released as soon as
 * their node has run, unless retainGrad() was called on them; the graph is freed unless `retainGraph`.
 */
export function runBackward(
  root: Tensor,
  seed: Tensor,
  addGrad: (t: Tensor, g: Tensor) => void,
  retainGraph: boolean,
): void {
  if (!root.requiresGrad) {
    throw new TensorError(
      "backward: the tensor does not require grad (no input had requiresGrad, or it was computed under noGrad)",
    );
  }
  if (seed.dtype !== root.dtype) {
    throw new ShapeError(
      `backward: gradient dtype ${seed.dtype} must equal the tensor's dtype ${root.dtype}`,
    );
  }
  if (!shapesEqual(seed.shape, root.shape)) {
    throw new ShapeError(
      `backward: gradient shape ${formatShape(seed.shape)} must equal the tensor's shape ${formatShape(root.shape)}`,
    );
  }
  const order = topologicalOrder(root);
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    addGrad(root, seed);
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const node = t._node;
      const g = t.grad;
      if (node === null || g === null) continue; // a leaf, or no gradient reached this tensor
      node.backward(g);
      if (!t._retainGrad) {
        g.dispose();
        t.grad = null;
      }
      if (!retainGraph) t._node = FREED;
    }
  } finally {
    gradEnabled = previous;
  }
}

/** Returns the tensors that require grad and lead to `root`, each after all of its inputs (post-order). */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const inputs = t._node?.inputs;
    if (inputs !== undefined && next[top] < inputs.length) {
      const input = inputs[next[top]++];
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push(input);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(t);
    }
  }
  return order;
}
