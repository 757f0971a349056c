# Where the CNN and total variation leave error on a folder kept by `RADCNN_BENCH_KEEP=1 bench/denoising/run ...`:
# the SD of (output - truth) in the uniform regions, the RMSE on the non-uniform soft tissue and over the body
# (soft-tissue window). Usage: uniform_error.py FOLDER TV_WEIGHT (through ./radcnn exec python3)
import json,sys,numpy as np
from skimage.restoration import denoise_tv_chambolle
f=sys.argv[1]; w=float(sys.argv[2]); m=json.load(open(f+"/meta.json")); n=m["size"]
L,H=-160,240
def ld(i,k,dt=np.float32): return np.fromfile(f"{f}/{i}.{k}",dtype=dt).reshape(n,n).astype(float)
acc={}
for i in range(m["count"]):
    t=ld(i,"truth.f32"); u=ld(i,"uniform.u8",np.uint8)>0; body=t>-900
    low=ld(i,"low.f32"); imgs={"cnn":ld(i,"cnn.f32"),"tv":denoise_tv_chambolle((low+1000)/4000,weight=w)*4000-1000,"low":low}
    soft=body&(t>L)&(t<H)&~u
    for k,v in imgs.items():
        e=np.clip(v,L,H)-np.clip(t,L,H)
        acc.setdefault(k,[]).append((e[u].std(), np.sqrt((e[soft]**2).mean()), np.sqrt((e[body]**2).mean())))
for k,v in acc.items(): a=np.array(v).mean(0); print(k, "uniform err SD %.1f  soft non-uniform RMSE %.1f  body RMSE %.1f"%tuple(a))
