"""Tiny random-weight models built from config, saved with save_pretrained, for exercising the real
from_pretrained loading paths offline. Their output is gibberish; tests assert plumbing, not quality."""

from __future__ import annotations

from pathlib import Path

CHATML = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

WORDS = (
    "the a an and or of to in for with on is are be new fresh coffee shoes run fast great taste "
    "morning city brand sale today buy try enjoy our your best light strong bold smooth day night "
    "system user assistant write ad copy short tagline product summer winter green blue red"
).split()

CORPUS = [
    "Fresh coffee for your morning.", "Run fast in our new shoes.", "Enjoy the bold taste today.",
    "Try the smooth blend this summer.", "Our best shoes for the city.", "A great day starts with coffee.",
    "Buy one and try another.", "Light and strong, day and night.", "The green brand for a blue planet.",
    "Frischer Kaffee für deinen Morgen.", "Lauf schnell in unseren neuen Schuhen.", "Genieße den Geschmack.",
]


def word_tokenizer():
    """(tokenizer, vocab): word-level, ChatML specials and chat template; ids fit a tiny model."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    specials = ["<unk>", "<pad>", "<|im_start|>", "<|im_end|>"]
    vocab = {t: i for i, t in enumerate(specials + sorted(set(WORDS + ["\n", ".", ","])))}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation()])
    backend.add_special_tokens(specials)
    tok = PreTrainedTokenizerFast(tokenizer_object=backend, unk_token="<unk>", pad_token="<pad>",
                                  bos_token="<|im_start|>", eos_token="<|im_end|>")
    tok.chat_template = CHATML
    return tok, vocab


def build_tiny_llama(out: Path) -> Path:
    """A 2-layer Llama with a word-level tokenizer and a ChatML chat template (~100 KB)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    tok, vocab = word_tokenizer()
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                         pad_token_id=vocab["<pad>"], bos_token_id=vocab["<|im_start|>"], eos_token_id=vocab["<|im_end|>"])
    LlamaForCausalLM(config).save_pretrained(out)
    tok.save_pretrained(out)
    return out


def build_tiny_granite_swa(out: Path) -> Path:
    """A 1-layer GraniteSWA: a causal LM whose transformers code has no SDPA attention (eager only)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    tok, vocab = word_tokenizer()
    torch.manual_seed(0)
    config = AutoConfig.for_model("granite_swa", vocab_size=len(vocab), hidden_size=32, intermediate_size=64,
                                  num_hidden_layers=1, num_attention_heads=4, num_key_value_heads=2,
                                  pad_token_id=vocab["<pad>"], bos_token_id=vocab["<|im_start|>"],
                                  eos_token_id=vocab["<|im_end|>"])
    AutoModelForCausalLM.from_config(config).save_pretrained(out)
    tok.save_pretrained(out)
    return out


def build_tiny_marian(out: Path) -> Path:
    """A 1-layer Marian (opus-mt layout) with sentencepiece models trained on a dozen sentences."""
    import json

    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    text = out / "corpus.txt"
    text.write_text("\n".join(CORPUS * 4), encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(text), model_prefix=str(out / "spm"), vocab_size=80,
                                   model_type="unigram", character_coverage=1.0, bos_id=-1, eos_id=-1,
                                   unk_id=0, pad_id=-1, minloglevel=2)
    proc = spm.SentencePieceProcessor(model_file=str(out / "spm.model"))
    pieces = [proc.id_to_piece(i) for i in range(proc.get_piece_size())]
    vocab = {"</s>": 0, "<unk>": 1}
    for p in pieces:
        vocab.setdefault(p, len(vocab))
    vocab["<pad>"] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (out / "spm.model").rename(out / "source.spm")
    (out / "target.spm").write_bytes((out / "source.spm").read_bytes())  # one shared vocabulary
    for junk in ("spm.vocab", "corpus.txt"):
        (out / junk).unlink(missing_ok=True)
    tok = MarianTokenizer(source_spm=str(out / "source.spm"), target_spm=str(out / "target.spm"),
                          vocab=str(out / "vocab.json"), source_lang="en", target_lang="de")
    pad = vocab["<pad>"]
    torch.manual_seed(0)
    config = MarianConfig(vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                          decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=pad,
                          decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0)
    MarianMTModel(config).save_pretrained(out)
    tok.save_pretrained(out)
    return out


def build_tiny_sd(out: Path) -> Path:
    """A tiny Stable Diffusion pipeline (UNet, VAE, CLIP text encoder + BPE tokenizer) of a few MB."""
    import json

    import torch
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    tok_dir = out / "_tok"
    tok_dir.mkdir(exist_ok=True)
    chars = sorted(set("abcdefghijklmnopqrstuvwxyz"))
    vocab_list = ["<|startoftext|>", "<|endoftext|>"] + chars + [c + "</w>" for c in chars]
    (tok_dir / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(vocab_list)}))
    (tok_dir / "merges.txt").write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(str(tok_dir / "vocab.json"), str(tok_dir / "merges.txt"), pad_token="<|endoftext|>",
                              model_max_length=77)
    text_encoder = CLIPTextModel(CLIPTextConfig(vocab_size=len(vocab_list), hidden_size=32, intermediate_size=37,
                                                num_hidden_layers=2, num_attention_heads=4, max_position_embeddings=77,
                                                projection_dim=32, bos_token_id=0, eos_token_id=1, pad_token_id=1))
    unet = UNet2DConditionModel(block_out_channels=(32, 64), layers_per_block=1, sample_size=16, in_channels=4,
                                out_channels=4, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=32,
                                attention_head_dim=8, norm_num_groups=32)
    vae = AutoencoderKL(block_out_channels=[32, 64], in_channels=3, out_channels=3, latent_channels=4,
                        down_block_types=["DownEncoderBlock2D"] * 2, up_block_types=["UpDecoderBlock2D"] * 2,
                        norm_num_groups=32, sample_size=32)
    scheduler = EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                       timestep_spacing="trailing", steps_offset=1)
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
                                   scheduler=scheduler, safety_checker=None, feature_extractor=None,
                                   requires_safety_checker=False)
    pipe.save_pretrained(out)
    for f in tok_dir.iterdir():
        f.unlink()
    tok_dir.rmdir()
    return out


DEFAULT_BACKEND = {"text": "transformers", "translate": "nllb", "image": "diffusers"}


def spec(role: str, path: Path, backend: str | None = None, **extra):
    """The spec a profile entry ``{role, backend, path, ...}`` becomes, validated by its backend."""
    from studio.generate.backends import parse_spec

    return parse_spec({"role": role, "backend": backend or DEFAULT_BACKEND[role], "path": str(path), **extra})
