# Inference-time blend on a folder kept by `RADCNN_BENCH_KEEP=1 bench/denoising/run ...`: output = CNN + a * G_sigma(low - CNN)
# (a smoothed share of what the network removed given back), PSNR in the soft-tissue window over the body and the
# 5-10 HU lesions' CNR and its gap to the standard dose, for a few (a, sigma). Usage: residual_blend.py FOLDER (through ./radcnn exec python3)
import json,sys,numpy as np
from scipy.ndimage import gaussian_filter
folder=sys.argv[1]; meta=json.load(open(f"{folder}/meta.json")); n,count=meta["size"],meta["count"]
L,H=-160.,240.
def load(i,k,dt=np.float32): return np.fromfile(f"{folder}/{i}.{k}",dtype=dt).reshape(n,n).astype(np.float64)
S=[]
for i in range(count):
    s={k:load(i,k+".f32") for k in ("low","standard","truth","cnn")}; s["uniform"]=load(i,"uniform.u8",np.uint8)>0; s["body"]=s["truth"]>-900; s["lesions"]=meta["lesions"][i]; S.append(s)
yy,xx=np.mgrid[:n,:n]
def psnr(img,s):
    d=np.clip(img,L,H)[s["body"]]-np.clip(s["truth"],L,H)[s["body"]]; return 10*np.log10((H-L)**2/np.mean(d*d))
def cnr(img,s):
    v=[]
    for l in s["lesions"]:
        if not 5<=abs(l["contrastHu"])<=10: continue
        r=l["radiusPixels"]; d=np.hypot(yy-l["row"],xx-l["column"]); ins=d<=0.7*r; ring=(d>=r+3)&(d<=r+10)&s["uniform"]
        if ins.sum()<3 or ring.sum()<20: continue
        v.append(np.sign(l["contrastHu"])*(img[ins].mean()-img[ring].mean())/img[ring].std())
    return v
std=[c for s in S for c in cnr(s["standard"],s)]
for a in (0,0.25,0.5,1.0):
    for sg in ((0,) if a==0 else (1.0,2.0)):
        outs=[s["cnn"]+a*gaussian_filter(s["low"]-s["cnn"],sg) for s in S]
        p=np.mean([psnr(o,s) for o,s in zip(outs,S)]); c=[x for o,s in zip(outs,S) for x in cnr(o,s)]
        gap=np.array(c)-np.array(std)
        print(f"a={a} sigma={sg}: psnr {p:.2f} cnr {np.mean(c):.3f} gap {gap.mean():.3f} (se {gap.std()/np.sqrt(len(gap)):.3f})")
