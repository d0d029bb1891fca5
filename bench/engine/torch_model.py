"""The engine benchmark's reference model in PyTorch (the peer). Built from reference-model.json so that
bench/engine/model.ts builds exactly the same architecture (same parameter count, same layer order)."""
import json
import math
import os

import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def load_config():
    with open(os.path.join(HERE, "reference-model.json")) as f:
        return json.load(f)


class SqueezeExcite(nn.Module):
    def __init__(self, channels, squeezed):
        super().__init__()
        self.reduce = nn.Conv1d(channels, squeezed, 1)
        self.expand = nn.Conv1d(squeezed, channels, 1)

    def forward(self, x):
        s = x.mean(dim=2, keepdim=True)
        return x * torch.sigmoid(self.expand(F.silu(self.reduce(s))))


class MBConv(nn.Module):
    def __init__(self, cin, cout, expand, kernel, stride, se_ratio, drop_connect):
        super().__init__()
        mid = cin * expand
        self.expand = None
        if expand != 1:
            self.expand = nn.Sequential(nn.Conv1d(cin, mid, 1, bias=False), nn.BatchNorm1d(mid), nn.SiLU())
        self.depthwise = nn.Sequential(
            nn.Conv1d(mid, mid, kernel, stride, padding=kernel // 2, groups=mid, bias=False),
            nn.BatchNorm1d(mid),
            nn.SiLU(),
        )
        self.se = SqueezeExcite(mid, max(1, int(cin * se_ratio)))
        self.project = nn.Sequential(nn.Conv1d(mid, cout, 1, bias=False), nn.BatchNorm1d(cout))
        self.residual = stride == 1 and cin == cout
        self.drop_connect = drop_connect

    def forward(self, x):
        y = x if self.expand is None else self.expand(x)
        y = self.project(self.se(self.depthwise(y)))
        if not self.residual:
            return y
        if self.training and self.drop_connect > 0:
            keep = 1 - self.drop_connect
            mask = torch.empty(y.shape[0], 1, 1).bernoulli_(keep) / keep
            y = y * mask
        return x + y


class LstmAutoencoder(nn.Module):
    def __init__(self, steps, features, hidden, latent):
        super().__init__()
        self.steps = steps
        self.encoder = nn.LSTM(features, hidden, batch_first=True)
        self.to_latent = nn.Linear(hidden, latent)
        self.decoder = nn.LSTM(latent, hidden, batch_first=True)
        self.to_features = nn.Linear(hidden, features)

    def forward(self, seq):
        _, (h, _) = self.encoder(seq)
        code = self.to_latent(h[-1])
        out, _ = self.decoder(code.unsqueeze(1).expand(-1, self.steps, -1))
        return code, self.to_features(out)


class ReferenceModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        st = cfg["stem"]
        self.stem = nn.Sequential(
            nn.Conv1d(cfg["inChannels"], st["channels"], st["kernel"], st["stride"], padding=st["kernel"] // 2, bias=False),
            nn.BatchNorm1d(st["channels"]),
            nn.SiLU(),
        )
        blocks, cin = [], st["channels"]
        total = sum(b["repeats"] for b in cfg["blocks"])
        index = 0
        for b in cfg["blocks"]:
            for r in range(b["repeats"]):
                rate = cfg["dropConnect"] * index / total
                blocks.append(MBConv(cin, b["channels"], b["expand"], b["kernel"], b["stride"] if r == 0 else 1, cfg["seRatio"], rate))
                cin = b["channels"]
                index += 1
        self.blocks = nn.Sequential(*blocks)
        hc = cfg["headChannels"]
        self.head = nn.Sequential(nn.Conv1d(cin, hc, 1, bias=False), nn.BatchNorm1d(hc), nn.SiLU())
        ae = cfg["autoencoder"]
        self.autoencoder = LstmAutoencoder(ae["steps"], ae["features"], ae["hidden"], ae["latent"])
        at = cfg["attention"]
        d = at["dModel"]
        self.age = nn.Embedding(at["ageBuckets"], d)
        self.sex = nn.Embedding(at["sexes"], d)
        self.tokens = nn.Linear(hc, d)
        self.attention = nn.MultiheadAttention(d, at["heads"], batch_first=True)
        self.norm = nn.LayerNorm(d)
        self.dropout = nn.Dropout(cfg["dropout"])
        self.classifier = nn.Linear(hc + ae["latent"] + 2 * d, cfg["classes"])

    def forward(self, x, seq, age, sex):
        fmap = self.head(self.blocks(self.stem(x)))            # (N, hc, L')
        pooled = fmap.mean(dim=2)                               # (N, hc)
        code, recon = self.autoencoder(seq)                     # (N, latent), (N, steps, features)
        query = torch.stack([self.age(age), self.sex(sex)], 1)  # (N, 2, d)
        keys = self.tokens(fmap.transpose(1, 2))                # (N, L', d)
        fused, _ = self.attention(query, keys, keys, need_weights=False)
        fused = self.norm(query + fused).flatten(1)             # (N, 2d)
        logits = self.classifier(self.dropout(torch.cat([pooled, code, fused], 1)))
        return logits, recon


if __name__ == "__main__":
    model = ReferenceModel(load_config())
    print(model)
    print("parameters", sum(p.numel() for p in model.parameters()))
    backbone = sum(p.numel() for n, p in model.named_parameters() if n.startswith(("stem", "blocks", "head")))
    print("backbone parameters", backbone)
